<?xml version="1.0" encoding="UTF-8"?>
<!--
  Machine-readable metadata in every page's head: Dublin Core meta tags (read by
  Zotero and library tools) and schema.org JSON-LD (read by search engines).
  The JSON-LD is a data block (type application/ld+json), which the
  Content-Security-Policy does not execute; "<" is escaped in it so that no
  text from the sources can close the element.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:variable name="e:edition" as="element(f:edition)?" select="$facts/f:facts/f:edition"/>

  <!-- The public address of a page: edition.toml base_url + the page, else the page. -->
  <xsl:function name="e:public-url" as="xs:string">
    <xsl:param name="href" as="xs:string"/>
    <xsl:variable name="base" select="string($e:edition/@base-url)"/>
    <xsl:sequence select="if ($base = '') then $href else if (ends-with($base, '/')) then $base || $href else $base || '/' || $href"/>
  </xsl:function>

  <!--
    $meta keys: title, description, creators (maps with name and type Person/Organization),
    date (ISO), schema-type (schema.org type), genre, language.
  -->
  <xsl:template name="e:metadata">
    <xsl:param name="meta" as="map(*)"/>
    <xsl:variable name="url" select="e:public-url($page-href)"/>
    <xsl:variable name="creators" select="($meta?creators, if (empty($meta?creators)) then $e:edition/f:editor ! map {'name': string(.), 'type': 'Person'} else ())"/>
    <link rel="canonical" href="{$url}"/>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <link rel="schema.DCTERMS" href="http://purl.org/dc/terms/"/>
    <meta name="DC.title" content="{$meta?title}"/>
    <xsl:for-each select="$creators">
      <meta name="DC.creator" content="{?name}"/>
    </xsl:for-each>
    <xsl:if test="$meta?date">
      <meta name="DC.date" content="{$meta?date}"/>
    </xsl:if>
    <xsl:if test="$meta?description">
      <meta name="DC.description" content="{$meta?description}"/>
    </xsl:if>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <meta name="DC.identifier" content="{$url}"/>
    <meta name="DC.language" content="{($meta?language, $e:edition/@language)[1]}"/>
    <xsl:if test="$e:edition/@publisher">
      <meta name="DC.publisher" content="{$e:edition/@publisher}"/>
    </xsl:if>
    <meta name="DC.rights" content="{$e:edition/@licence-url}"/>
    <xsl:if test="$page-href ne 'index.html'">
      <meta name="DCTERMS.isPartOf" content="{$e:edition/@title}"/>
    </xsl:if>
    <xsl:for-each select="$e:edition/f:editor">
      <meta name="DC.contributor" content="{.}"/>
    </xsl:for-each>
    <script type="application/ld+json">
      <xsl:value-of select="replace(serialize(e:json-ld($meta, $url, $creators), map {'method': 'json'}), '&lt;', '\\u003c')"/>
    </script>
  </xsl:template>

  <xsl:function name="e:json-ld" as="map(*)">
    <xsl:param name="meta" as="map(*)"/>
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="creators" as="map(*)*"/>
    <xsl:variable name="edition" select="map:merge((
        map {'@type': 'Collection', 'name': string($e:edition/@title), 'url': e:public-url('index.html')},
        if ($e:edition/f:editor) then map {'editor': array {$e:edition/f:editor ! map {'@type': 'Person', 'name': string(.)}}} else (),
        if ($e:edition/@doi) then map {'identifier': 'https://doi.org/' || $e:edition/@doi} else ()))"/>
    <xsl:sequence select="map:merge((
        map {
          '@context': 'https://schema.org',
          '@type': ($meta?schema-type, 'WebPage')[1],
          'name': string($meta?title),
          'url': $url,
          'inLanguage': string(($meta?language, $e:edition/@language)[1]),
          'license': string($e:edition/@licence-url)
        },
        if (exists($creators)) then map {'author': array {$creators ! map {'@type': (?type, 'Person')[1], 'name': string(?name)}}} else (),
        if ($meta?date) then map {'dateCreated': string($meta?date)} else (),
        if ($meta?description) then map {'description': string($meta?description)} else (),
        if ($meta?genre) then map {'genre': string($meta?genre)} else (),
        if ($e:edition/@publisher) then map {'publisher': map {'@type': 'Organization', 'name': string($e:edition/@publisher)}} else (),
        if ($page-href ne 'index.html') then map {'isPartOf': $edition} else ($edition ! map:remove(., '@type') ! map:remove(., 'name') ! map:remove(., 'url'))
      ))"/>
  </xsl:function>

</xsl:stylesheet>
