<?xml version="1.0" encoding="UTF-8"?>
<!--
  The HTML edition: the entry stylesheet.  It imports the shared layer and
  includes one file per concern:

    html_param.xsl      parameters of the HTML format (documented there)
    html_layout.xsl     the page layout: head, header, navigation, footer
    html_metadata.xsl   Dublin Core and schema.org JSON-LD
    html_core.xsl       text structure: divisions, paragraphs, lists, speakers ...
    html_textcrit.xsl   editorial markup: gap, emph/@resp, choice, add, del, pb ...
    html_linking.xsl    mentions, ref/ptr, citations
    html_notes.xsl      footnotes and textual notes
    html_document.xsl   the document page
    html_header.xsl     the document's metadata panel
    html_registers.xsl  the register pages
    html_pages.xsl      home, documents table, bibliography, about, search, manual

  An edition customises it in overrides/xslt/html.xsl, which is imported after
  this file and so wins over any template here (toolkit.xslt.entry_stylesheet).
  The builder calls it once per page with the page's source and $page.

  A space follows every dt and dd, and stands between other words that only
  CSS sets apart (a party's name and its office, the parts of a document's
  kicker, a download's two labels): the search index reads the text without
  the stylesheet, and would make one word of them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:err="http://www.w3.org/2005/xqt-errors"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/common.xsl"/>

  <xsl:include href="html_param.xsl"/>
  <xsl:include href="html_layout.xsl"/>
  <xsl:include href="html_metadata.xsl"/>
  <xsl:include href="html_core.xsl"/>
  <xsl:include href="html_textcrit.xsl"/>
  <xsl:include href="html_linking.xsl"/>
  <xsl:include href="html_notes.xsl"/>
  <xsl:include href="html_document.xsl"/>
  <xsl:include href="html_header.xsl"/>
  <xsl:include href="html_registers.xsl"/>
  <xsl:include href="html_pages.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <!-- Any error while a page is written (a dynamic error, an xsl:message with
       terminate="yes" in an override) is raised again with the stylesheet and
       the line where it happened, so the diagnostic names both the document
       (the builder adds it) and the place in the XSLT. -->
  <xsl:template match="/">
    <xsl:try>
      <xsl:call-template name="e:page"/>
      <xsl:catch>
        <xsl:variable name="module" select="string-join(tokenize(string($err:module), '/')[position() ge last() - 1], '/')"/>
        <xsl:sequence select="error($err:code, string-join((normalize-space($err:description),
            normalize-space(string-join($err:value ! string(), ' '))[. ne ''] ! (': ' || .),
            ' (' || $module || ' line ' || $err:line-number || ')'), ''), $err:value)"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

  <xsl:template name="e:page">
    <xsl:choose>
      <xsl:when test="$page = 'document'"><xsl:call-template name="e:document-page"/></xsl:when>
      <xsl:when test="$page = 'home'"><xsl:call-template name="e:home-page"/></xsl:when>
      <xsl:when test="$page = 'documents'"><xsl:call-template name="e:documents-page"/></xsl:when>
      <xsl:when test="$page = ('register', 'register-index')"><xsl:call-template name="e:register-page"/></xsl:when>
      <xsl:when test="$page = 'bibliography'"><xsl:call-template name="e:bibliography-page"/></xsl:when>
      <xsl:when test="$page = 'about'"><xsl:call-template name="e:about-page"/></xsl:when>
      <xsl:when test="$page = 'search'"><xsl:call-template name="e:search-page"/></xsl:when>
      <xsl:when test="$page = 'manual'"><xsl:call-template name="e:manual-page"/></xsl:when>
      <xsl:when test="$page = 'notfound'"><xsl:call-template name="e:notfound-page"/></xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="error(QName('urn:x-edition-toolkit:xslt', 'unknown-page'), 'unknown page type: ' || $page)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
