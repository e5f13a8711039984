<?xml version="1.0" encoding="UTF-8"?>
<!--
  Parameters shared by every format.  The builders set them from Python
  (toolkit/build/facts.py); the defaults let a stylesheet run on its own.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-edition-toolkit:facts"
    exclude-result-prefixes="#all">

  <!-- The facts document (f:facts): the edition's configuration, its documents in
       chronological order, register and bibliography entries with their mentions,
       and the editors that @resp pointers name.  Built from the corpus model. -->
  <xsl:param name="facts" as="document-node()?" select="()"/>

  <!-- Language of the interface labels (en, de); edition.toml [edition] interface_language. -->
  <xsl:param name="interface-language" as="xs:string"
             select="string(($facts/f:facts/f:edition/@interface-language, 'en')[1])"/>

  <!-- The labels (l:labels) in that language, with the edition's overrides applied.
       Default: the toolkit's own file, without overrides. -->
  <xsl:param name="labels" as="document-node()"
             select="doc(resolve-uri('labels/' || $interface-language || '.xml', static-base-uri()))"/>

  <!-- Path of the source file being rendered, relative to the edition root
       (tei/documents/d001.xml): pointers in it are resolved against it. -->
  <xsl:param name="source-path" as="xs:string" select="''"/>

</xsl:stylesheet>
