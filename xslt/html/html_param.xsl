<?xml version="1.0" encoding="UTF-8"?>
<!--
  Parameters of the HTML format (the shared ones are in ../common/common_param.xsl).
  toolkit/build/html.py sets them for each page.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    exclude-result-prefixes="#all">

  <!-- Which page to write from the source: document, home, documents, register,
       register-index (of a register in parts), bibliography, about, manual, search or notfound. -->
  <xsl:param name="page" as="xs:string" select="'document'"/>

  <!-- A register shown in parts: the initial whose entries the page lists ('' on any other page). -->
  <xsl:param name="register-initial" as="xs:string" select="''"/>
  <!-- The address of the page being written, relative to the site root (d001.html):
       used for the canonical URL, the navigation and the citation. -->
  <xsl:param name="page-href" as="xs:string" select="'index.html'"/>

  <!-- How many documents the home page lists (the documents page lists them all). -->
  <xsl:param name="e:timeline-length" as="xs:integer" select="12"/>

  <!-- Folder of the stylesheet, scripts and images, relative to the site root. -->
  <xsl:param name="assets" as="xs:string" select="'assets/'"/>

  <!-- The Content-Security-Policy of every page: nothing but the site's own files,
       no inline script or style.  The search page adds 'wasm-unsafe-eval' for the
       search engine's WebAssembly (see $csp-search). -->
  <xsl:param name="csp" as="xs:string"
             select="&quot;default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'&quot;"/>
  <xsl:param name="csp-search" as="xs:string"
             select="&quot;default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'&quot;"/>

</xsl:stylesheet>
