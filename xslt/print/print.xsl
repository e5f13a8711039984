<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to Typst: the source of the printed edition.

  The stylesheet writes Typst markup that calls the functions of the page
  design (toolkit/resources/print/edition.typ, imported as `ed`); it never
  sets a font or a measure itself.  Entry points:

    a document (TEI)        the default mode: the document as a Typst fragment,
                            the same for the volume and the document's own PDF;
    pr:front (named)        title page, imprint, contents, introduction and
                            principles, from the edition header in $facts;
    pr:back (named)         indexes and bibliography, from $facts.

  One file per concern, as in xslt/common/:

    print_param.xsl     the parameters of the print format
    print_escape.xsl    the one escaping function for text (pr:text)
    print_document.xsl  heading block, metadata block, source note
    print_text.xsl      blocks and phrases of the text
    print_apparatus.xsl editorial markup: gaps, emphasis, corrections, notes, page breaks
    print_matter.xsl    front and back matter of the volume

  An edition's overrides/xslt/print.xsl is imported after this file.
-->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0">
  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="print_param.xsl"/>
  <xsl:include href="print_escape.xsl"/>
  <xsl:include href="print_document.xsl"/>
  <xsl:include href="print_text.xsl"/>
  <xsl:include href="print_apparatus.xsl"/>
  <xsl:include href="print_matter.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
</xsl:stylesheet>
