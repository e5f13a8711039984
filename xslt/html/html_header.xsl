<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the TEI header says about a document, in the page's side panel: type,
  date as given and normalised, sender and recipient with their offices,
  place, reference numbers, language; the archival witnesses (msDesc) and
  prior publications (bibl) as formatted citations; downloads; a recommended
  citation with the stable URL; the persons, places and organisations the
  text mentions.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="e:document-aside">
    <xsl:param name="doc" as="element(f:document)"/>
    <xsl:variable name="header" select="/TEI/teiHeader"/>
    <aside class="doc-aside" aria-labelledby="meta-heading">
      <h2 id="meta-heading">{e:label('doc.metadata')}</h2>
      <dl class="meta-list">
        <div>
          <dt>{e:label('doc.type')}</dt><xsl:text> </xsl:text>
          <dd>{e:value-label('type', $doc/@type)}</dd><xsl:text> </xsl:text>
        </div>
        <div>
          <dt>{e:label('doc.date')}</dt><xsl:text> </xsl:text>
          <dd>
            <xsl:if test="normalize-space($doc/f:date)">
              <span class="date-given">{$doc/f:date}</span>
              <span class="meta-note"> ({e:label('doc.date-given')})</span>
              <br/>
            </xsl:if>
            <xsl:variable name="normalised" select="e:format-date-range($doc/f:date/@when, $doc/f:date/@not-before, $doc/f:date/@not-after)"/>
            <xsl:if test="$normalised">
              <xsl:choose>
                <xsl:when test="$doc/f:date/@when">
                  <time datetime="{$doc/f:date/@when}">{$normalised}</time>
                </xsl:when>
                <xsl:otherwise>{$normalised}</xsl:otherwise>
              </xsl:choose>
              <span class="meta-note"> ({e:label('doc.date-normalised')}: <code>{$doc/f:date/@iso}</code>)</span>
            </xsl:if>
          </dd><xsl:text> </xsl:text>
        </div>
        <xsl:call-template name="e:parties">
          <xsl:with-param name="label" select="'doc.sender'"/>
          <xsl:with-param name="parties" select="$doc/f:sender"/>
        </xsl:call-template>
        <xsl:call-template name="e:parties">
          <xsl:with-param name="label" select="'doc.recipient'"/>
          <xsl:with-param name="parties" select="$doc/f:recipient"/>
        </xsl:call-template>
        <xsl:call-template name="e:parties">
          <xsl:with-param name="label" select="'doc.place'"/>
          <xsl:with-param name="parties" select="$doc/f:place"/>
        </xsl:call-template>
        <xsl:if test="$doc/f:reference">
          <div>
            <dt>{e:label('doc.reference')}</dt><xsl:text> </xsl:text>
            <xsl:for-each select="$doc/f:reference">
              <dd>{.}</dd><xsl:text> </xsl:text>
            </xsl:for-each>
          </div>
        </xsl:if>
        <xsl:if test="$header/profileDesc/langUsage/language">
          <div>
            <dt>{e:label('doc.language')}</dt><xsl:text> </xsl:text>
            <dd>{string-join($header/profileDesc/langUsage/language ! normalize-space(), '; ')}</dd><xsl:text> </xsl:text>
          </div>
        </xsl:if>
      </dl>

      <xsl:if test="$header//sourceDesc/msDesc">
        <h3>{e:label('doc.witnesses')}</h3>
        <ul class="citations witnesses">
          <xsl:for-each select="$header//sourceDesc/msDesc">
            <li>
              <xsl:call-template name="e:attributes">
                <xsl:with-param name="class" select="('witness', @type ! ('witness-' || e:safe-id(.)))"/>
              </xsl:call-template>
              <xsl:sequence select="e:citation-html(e:witness(.))"/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <xsl:for-each-group select="$header//sourceDesc/(bibl, listBibl/bibl, biblStruct)" group-by="string(@type)">
        <h3>{if (e:has-label('doc.bibl.' || current-grouping-key())) then e:label('doc.bibl.' || current-grouping-key())
             else e:label('doc.publications')}</h3>
        <ul class="citations publications">
          <xsl:for-each select="current-group()">
            <li>
              <xsl:call-template name="e:attributes">
                <xsl:with-param name="class" select="('bibl', @type ! ('bibl-' || e:safe-id(.)))"/>
              </xsl:call-template>
              <xsl:sequence select="e:citation-html(if (self::biblStruct) then e:bibl-struct(.) else e:bibl(.))"/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:for-each-group>

      <xsl:call-template name="e:downloads">
        <xsl:with-param name="doc" select="$doc"/>
      </xsl:call-template>
      <xsl:call-template name="e:cite-document">
        <xsl:with-param name="doc" select="$doc"/>
      </xsl:call-template>
      <xsl:call-template name="e:mentioned">
        <xsl:with-param name="doc" select="$doc"/>
      </xsl:call-template>
    </aside>
  </xsl:template>

  <!-- Senders, recipients, places: linked to the register, with the office as the document gives it. -->
  <xsl:template name="e:parties">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="parties" as="element()*"/>
    <xsl:if test="$parties">
      <div>
        <dt>{e:label($label)}</dt><xsl:text> </xsl:text>
        <xsl:for-each select="$parties">
          <xsl:variable name="entry" select="key('e:entry', @key, $facts)"/>
          <xsl:variable name="name" select="string((.[normalize-space()], @office)[1])"/>
          <dd>
            <xsl:choose>
              <xsl:when test="$entry">
                <a class="mention mention-{$entry/@kind}" href="{e:entry-href($entry)}">{$name}</a>
              </xsl:when>
              <xsl:otherwise>{$name}</xsl:otherwise>
            </xsl:choose>
            <xsl:if test="@office and @office ne $name">
              <xsl:text> </xsl:text>
              <span class="office">{@office}</span>
            </xsl:if>
          </dd><xsl:text> </xsl:text>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="e:downloads">
    <xsl:param name="doc" as="element(f:document)"/>
    <xsl:variable name="files" select="key('e:downloads-of', $doc/@id, $facts)"/>
    <xsl:if test="$files">
      <!-- links, not text: the search leaves them out -->
      <h3 class="downloads-heading" data-pagefind-ignore="all">{e:label('doc.downloads')}</h3>
      <ul class="downloads" data-pagefind-ignore="all">
        <xsl:for-each select="$files">
          <li>
            <a class="download download-{@format}" href="{@href}" download="">
              <span class="download-format">{upper-case(@format)}</span><xsl:text> </xsl:text>
              <span class="download-label">{e:label('doc.download-' || @format)}</span>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- The recommended citation of a document and its stable address. -->
  <xsl:template name="e:cite-document">
    <xsl:param name="doc" as="element(f:document)"/>
    <xsl:variable name="url" select="e:public-url($page-href)"/>
    <section class="cite" aria-labelledby="cite-heading" data-pagefind-ignore="all">
      <h3 id="cite-heading">{e:label('doc.cite')}</h3>
      <p class="citation" id="citation">
        <xsl:text>“{$doc/f:title}”</xsl:text>
        <xsl:if test="normalize-space($doc/f:date)">, {$doc/f:date}</xsl:if>
        <xsl:text>. {e:label('doc.in', '')}</xsl:text>
        <cite>{$e:edition/@title}</cite>
        <xsl:if test="$e:edition/f:editor">, {e:label('doc.ed-by', string-join($e:edition/f:editor, ', '))}</xsl:if>
        <xsl:text>, {e:label('cite.version', e:format-date($facts/f:facts/@build-date))}, {e:label('doc.number', string($doc/@n))}. </xsl:text>
        <span class="citation-url">{$url}</span>
      </p>
      <p class="stable-url">
        <span>{e:label('doc.cite-url')}: </span>
        <a href="{$url}">{$url}</a>
      </p>
      <button type="button" class="copy-button" data-copy="citation" data-done="{e:label('doc.copied')}" hidden="">{e:label('doc.copy')}</button>
    </section>
  </xsl:template>

  <!-- The register entries the text mentions, by kind: read off the text's names (as the corpus
       model reads mentions), so that a page needs only the entries it names, not every mention. -->
  <xsl:template name="e:mentioned">
    <xsl:param name="doc" as="element(f:document)"/>
    <xsl:variable name="ids" select="distinct-values(/TEI/text//(persName | placeName | orgName | name | rs)/@ref
                                       ! tokenize(normalize-space(.))[not(e:is-absolute(.))] ! e:fragment(.)[. ne ''])"/>
    <xsl:variable name="entries" select="key('e:entry', $ids, $facts)"/>
    <xsl:if test="$entries">
      <h3>{e:label('doc.mentioned')}</h3>
      <xsl:for-each-group select="$entries" group-by="@kind">
        <xsl:sort select="index-of(('person', 'place', 'org'), current-grouping-key())"/>
        <div class="mentioned">
          <h4>{e:label('register.' || current-grouping-key())}</h4>
          <ul class="inline-list">
            <xsl:for-each select="current-group()">
              <xsl:sort select="@name" lang="{$interface-language}"/>
              <li><a class="mention mention-{@kind}" href="{e:entry-href(.)}">{@name}</a></li>
            </xsl:for-each>
          </ul>
        </div>
      </xsl:for-each-group>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
