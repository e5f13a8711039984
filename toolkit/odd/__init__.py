"""The toolkit's own ODD processor: TEI customisations compiled without Java or the TEI Stylesheets.

The pipeline, one module per step:

* :mod:`~toolkit.odd.customise` -- odd2odd: selection from p5subset or a chained
  ODD, specification groups, ``mode`` add/change/replace/delete
  (:mod:`~toolkit.odd.merge` does the merging);
* :mod:`~toolkit.odd.model` -- the compiled schema model: resolved content
  models (:mod:`~toolkit.odd.content`), effective attributes, pruned classes;
* writers: :mod:`~toolkit.odd.rng` (RELAX NG), :mod:`~toolkit.odd.xsd` (XML
  Schema), :mod:`~toolkit.odd.schematron` (ISO Schematron, and its compilation
  to XSLT 3.0), :mod:`~toolkit.odd.compiled` (the compiled ODD) and
  :mod:`~toolkit.odd.manual` (the encoding manual);
* :mod:`~toolkit.odd.explain` -- grammar problems explained from the content
  models (with :mod:`~toolkit.odd.automaton`), grouped for foreign documents.

:mod:`toolkit.schema` ties them to an edition (``edition schema``, ``edition validate``).
"""
