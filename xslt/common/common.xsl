<?xml version="1.0" encoding="UTF-8"?>
<!--
  The shared layer of every output format (HTML, print): what does not depend on
  the output's markup.  One file per concern, as in the TEI Stylesheets:

    common_param.xsl      the parameters every format receives (documented there)
    common_functions.xsl  pointers, safe URLs and ids, @rend classes
    common_labels.xsl     interface labels in the chosen language
    common_dates.xsl      dates as a reader reads them
    common_names.xsl      facts about documents, entries and editors
    common_citation.xsl   witnesses and bibliographic citations as neutral markup

  A format stylesheet imports this file and renders the neutral markup
  (e:seq, e:i, e:link) in its own way.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="common_param.xsl"/>
  <xsl:include href="common_functions.xsl"/>
  <xsl:include href="common_labels.xsl"/>
  <xsl:include href="common_dates.xsl"/>
  <xsl:include href="common_names.xsl"/>
  <xsl:include href="common_citation.xsl"/>
</xsl:stylesheet>
