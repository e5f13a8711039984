<?xml version="1.0" encoding="UTF-8"?>
<!--
  Parameters of the print format (those shared by every format are in
  ../common/common_param.xsl: $facts, $labels, $source-path).  The PDF builder
  (toolkit/build/pdf.py) sets them; the defaults are the volume's.
-->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0"
                xmlns:xs="http://www.w3.org/2001/XMLSchema">

  <!-- Longest running head (characters) before the document title is shortened at a word. -->
  <xsl:param name="running-head-length" as="xs:integer" select="64"/>

</xsl:stylesheet>
