<?xml version="1.0" encoding="UTF-8"?>
<!--
  Links: mentions of persons, places and organisations to their register
  entries, ref/ptr to edition files or safe external addresses, and the
  neutral citation markup of the common layer (e:seq, e:i, e:link).
  Which page shows which source file is in the facts (f:site/f:href).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="e:page-of" match="f:site/f:href" use="@file"/>
  <xsl:key name="e:page-with" match="f:site/f:anchor" use="@id"/>
  <xsl:key name="e:downloads-of" match="f:site/f:download" use="@doc"/>

  <!-- The page (relative to the site root) that shows an edition file, or (). -->
  <xsl:function name="e:page-of" as="xs:string?">
    <xsl:param name="file" as="xs:string?"/>
    <xsl:sequence select="if ($facts and $file) then key('e:page-of', $file, $facts)[1]/@href/string() else ()"/>
  </xsl:function>

  <xsl:function name="e:href" as="xs:string">
    <xsl:param name="page" as="xs:string"/>
    <xsl:param name="fragment" as="xs:string?"/>
    <xsl:sequence select="$page || (if ($fragment) then '#' || encode-for-uri(e:safe-id($fragment)) else '')"/>
  </xsl:function>

  <xsl:key name="e:part-of" match="f:site/f:part" use="@file || ' ' || @initial"/>

  <!-- The page that shows a register entry: its register's, or in a register in parts the page of
       its initial. -->
  <xsl:function name="e:entry-page" as="xs:string?">
    <xsl:param name="entry" as="element(f:entry)?"/>
    <xsl:sequence select="$entry ! (key('e:part-of', @file || ' ' || @initial, $facts)/@href, e:page-of(@file))[1]"/>
  </xsl:function>

  <xsl:function name="e:entry-href" as="xs:string?">
    <xsl:param name="entry" as="element(f:entry)?"/>
    <xsl:sequence select="$entry ! e:entry-page(.) ! e:href(., $entry/@id)"/>
  </xsl:function>

  <xsl:function name="e:document-href" as="xs:string?">
    <xsl:param name="document" as="element(f:document)?"/>
    <xsl:sequence select="$document ! e:page-of(@file)"/>
  </xsl:function>

  <!-- Where a pointer token leads on the site: an edition file's page (with the fragment),
       a safe external address, or nothing. -->
  <xsl:function name="e:pointer-href" as="xs:string?">
    <xsl:param name="token" as="xs:string?"/>
    <xsl:choose>
      <xsl:when test="not(normalize-space($token))"/>
      <xsl:when test="e:is-absolute($token)">
        <xsl:sequence select="e:safe-url($token)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="fragment" select="e:fragment($token)"/>
        <xsl:variable name="page" select="(key('e:page-with', $fragment, $facts)/@href, e:entry($token) ! e:entry-page(.),
                                           e:page-of(e:pointer-file($token, $source-path)))[1]"/>
        <xsl:sequence select="$page ! e:href(if (. = $page-href and $fragment) then '' else ., $fragment)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Mentions: a link to the register entry, the register's name on hover. -->
  <!-- A link holds no other link nor anything focusable: the note and correction references of what
       it contains follow it. -->
  <xsl:template name="e:refs-after-link">
    <xsl:for-each select=".//note[e:is-footnote(.)] | .//choice[sic and corr]">
      <xsl:choose>
        <xsl:when test="self::note"><xsl:call-template name="e:note-ref"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="e:app-ref"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="persName[@ref] | placeName[@ref] | orgName[@ref] | name[@ref] | rs[@ref]">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="entry" select="e:entry(@ref)"/>
    <xsl:choose>
      <xsl:when test="$entry and not($in-link)">
        <a href="{e:entry-href($entry)}">
          <xsl:call-template name="e:attributes">
            <xsl:with-param name="class" select="('mention', 'mention-' || $entry/@kind)"/>
          </xsl:call-template>
          <xsl:apply-templates>
            <xsl:with-param name="in-link" tunnel="yes" select="true()"/>
          </xsl:apply-templates>
          <xsl:if test="normalize-space(.) ne $entry/@name">
            <span class="tip" data-pagefind-ignore="all"> ({$entry/@name})</span>
          </xsl:if>
        </a>
        <xsl:call-template name="e:refs-after-link"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="persName | placeName | orgName | name | rs | forename | surname | addName | genName" priority="-0.5">
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="lower-case(local-name())"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="ref[@target] | ptr[@target]">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="href" select="e:pointer-href(e:first-token(@target))"/>
    <xsl:choose>
      <xsl:when test="exists($href) and not($in-link)">
        <a href="{$href}">
          <xsl:call-template name="e:attributes">
            <xsl:with-param name="class" select="'ref' || (if (e:is-absolute(@target)) then ' external' else '')"/>
          </xsl:call-template>
          <xsl:choose>
            <xsl:when test="self::ref">
              <xsl:apply-templates>
                <xsl:with-param name="in-link" tunnel="yes" select="true()"/>
              </xsl:apply-templates>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="(e:entry(@target)/@name, @target)[1]"/>
            </xsl:otherwise>
          </xsl:choose>
        </a>
        <xsl:call-template name="e:refs-after-link"/>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="e:attributes">
            <xsl:with-param name="class" select="'ref'"/>
          </xsl:call-template>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ref | ptr" priority="-0.5">
    <span class="ref"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- The neutral citation markup of common_citation.xsl. -->
  <xsl:template match="e:seq" mode="e:html">
    <xsl:apply-templates mode="e:html"/>
  </xsl:template>

  <xsl:template match="e:i" mode="e:html">
    <cite><xsl:apply-templates mode="e:html"/></cite>
  </xsl:template>

  <xsl:template match="e:link[@entry]" mode="e:html">
    <xsl:variable name="href" select="e:entry-href(key('e:entry', @entry, $facts))"/>
    <xsl:choose>
      <xsl:when test="$href"><a href="{$href}"><xsl:apply-templates mode="e:html"/></a></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="e:html"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="e:link[@href]" mode="e:html">
    <xsl:variable name="href" select="e:safe-url(@href)"/>
    <xsl:choose>
      <xsl:when test="$href"><a class="external" href="{$href}"><xsl:apply-templates mode="e:html"/></a></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="e:html"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A citation (e:seq) as HTML inline content. -->
  <xsl:function name="e:citation-html" as="node()*">
    <xsl:param name="seq" as="element(e:seq)"/>
    <xsl:apply-templates select="$seq" mode="e:html"/>
  </xsl:function>

</xsl:stylesheet>
