<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page of one document: heading (title, summary), the text with its
  editorial markup, notes, the metadata panel (html_header.xsl), previous and
  next document.  What the full-text search shows and filters by is written
  here: title and date (data-pagefind-meta), sort key (data-pagefind-sort),
  and the filters named in edition.toml [search] filters (data-pagefind-filter).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="e:document-page">
    <xsl:variable name="doc" select="e:document($e:doc-id)"/>
    <xsl:if test="empty($doc)">
      <xsl:sequence select="error(QName('urn:x-edition-toolkit:xslt', 'no-document'),
                            'document ' || $e:doc-id || ' (' || $source-path || ') is not in the facts of this build')"/>
    </xsl:if>
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="string($doc/f:title)"/>
      <xsl:with-param name="nav" select="'documents'"/>
      <xsl:with-param name="index" select="true()"/>
      <xsl:with-param name="meta" select="map {
          'description': string(($doc/f:summary[normalize-space()], $doc/f:title)[1]),
          'creators': $doc/f:sender ! map {'name': e:party-name(.), 'type': if (@kind = 'org') then 'Organization' else 'Person'},
          'date': string(($doc/f:date/@when, $doc/f:date/@iso)[1]),
          'schema-type': 'CreativeWork',
          'genre': e:value-label('type', $doc/@type),
          'language': string((/TEI/@xml:lang, $e:edition/@language)[1])}"/>
      <xsl:with-param name="content">
        <nav class="breadcrumb" aria-label="{e:label('site.breadcrumb')}">
          <ol>
            <li><a href="index.html">{e:label('nav.home')}</a></li>
            <li><a href="documents.html">{e:label('nav.documents')}</a></li>
            <li><a href="{$page-href}" aria-current="page">{e:label('doc.number', string($doc/@n))}</a></li>
          </ol>
        </nav>
        <article class="document" data-pagefind-sort="date:{$doc/f:date/@sort}"
                 data-pagefind-meta="date:{$doc/f:date}">
          <xsl:if test="/TEI/@xml:lang">
            <xsl:attribute name="lang" select="/TEI/@xml:lang"/>
          </xsl:if>
          <xsl:call-template name="e:document-heading">
            <xsl:with-param name="doc" select="$doc"/>
          </xsl:call-template>
          <div class="doc-layout">
            <div class="doc-main">
              <xsl:call-template name="e:text-tools"/>
              <section class="edition-text" id="text" aria-labelledby="text-heading">
                <h2 id="text-heading" class="visually-hidden">{e:label('doc.text')}</h2>
                <xsl:apply-templates select="/TEI/text">
                  <xsl:with-param name="anchors" tunnel="yes" select="true()"/>
                </xsl:apply-templates>
                <xsl:for-each select="/TEI/teiHeader/fileDesc/notesStmt/note[@type = 'source']">
                  <div class="source-note" id="source-note">
                    <p class="source-note-label">{e:label('doc.source-note')}</p>
                    <p><xsl:apply-templates/></p>
                  </div>
                </xsl:for-each>
              </section>
              <xsl:call-template name="e:footnotes"/>
            </div>
            <xsl:call-template name="e:document-aside">
              <xsl:with-param name="doc" select="$doc"/>
            </xsl:call-template>
          </div>
          <xsl:call-template name="e:pager">
            <xsl:with-param name="doc" select="$doc"/>
          </xsl:call-template>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="e:document-heading">
    <xsl:param name="doc" as="element(f:document)"/>
    <header class="doc-header">
      <p class="doc-kicker">
        <span class="doc-no">{e:label('doc.of', (string($doc/@n), string(e:document-count())))}</span>
        <xsl:text> </xsl:text>
        <span class="doc-type">{e:value-label('type', $doc/@type)}</span>
        <xsl:text> </xsl:text>
        <span class="doc-kicker-date">{($doc/f:date[normalize-space()], e:format-date-range($doc/f:date/@when, $doc/f:date/@not-before, $doc/f:date/@not-after))[1]}</span>
      </p>
      <h1 data-pagefind-meta="title">{$doc/f:title}</h1>
      <xsl:if test="normalize-space($doc/f:summary)">
        <p class="doc-summary">{$doc/f:summary}</p>
      </xsl:if>
      <div hidden="" data-pagefind-ignore="">
        <xsl:variable name="filters" select="$e:edition/f:search-filter"/>
        <xsl:if test="$filters = 'type'">
          <span data-pagefind-filter="type">{e:value-label('type', $doc/@type)}</span>
        </xsl:if>
        <xsl:if test="$filters = 'year' and $doc/f:date/@year">
          <span data-pagefind-filter="year">{$doc/f:date/@year}</span>
        </xsl:if>
        <xsl:for-each select="$doc/f:sender[$filters = 'sender'], $doc/f:recipient[$filters = 'recipient']">
          <span data-pagefind-filter="{local-name()}">{e:party-name(.)}</span>
        </xsl:for-each>
      </div>
    </header>
  </xsl:template>

  <!-- The switch between the text with editorial markup and the reading text, and the legend. -->
  <xsl:template name="e:text-tools">
    <div class="text-tools" data-pagefind-ignore="all">
      <div class="view-switch" role="group" aria-labelledby="view-label" hidden="">
        <span id="view-label" class="view-label">{e:label('doc.view')}</span>
        <button type="button" data-view="edited" aria-pressed="true">{e:label('doc.view-edited')}</button>
        <button type="button" data-view="reading" aria-pressed="false">{e:label('doc.view-reading')}</button>
      </div>
      <details class="legend">
        <summary>{e:label('doc.legend')}</summary>
        <xsl:call-template name="e:legend">
          <xsl:with-param name="root" select="/"/>
        </xsl:call-template>
      </details>
    </div>
  </xsl:template>

  <!-- The signs a text uses (or all of them, without $root), each with a sample and its meaning. -->
  <xsl:template name="e:legend">
    <xsl:param name="root" as="node()?" select="()"/>
    <xsl:variable name="signs" as="element()*">
      <sign key="mark.gap"><span class="mark gap">[…]</span></sign>
      <sign key="mark.emph"><em class="mark emph-added rend-italic">abc</em></sign>
      <sign key="mark.sic"><span class="mark choice"><span class="choice-source">abc</span></span><span class="note-ref app-ref">a</span></sign>
      <sign key="mark.add"><span class="mark add"><span class="sign">⸢</span>abc<span class="sign">⸣</span></span></sign>
      <sign key="mark.del"><del class="mark del"><span class="sign">⟦</span>abc<span class="sign">⟧</span></del></sign>
      <sign key="mark.unclear"><span class="mark unclear">abc<span class="sign">(?)</span></span></sign>
      <sign key="mark.supplied"><span class="mark supplied"><span class="sign">[</span>abc<span class="sign">]</span></span></sign>
      <sign key="mark.pb"><span class="pb"><span class="sign">|</span>469</span></sign>
      <sign key="mark.fw"><span class="fw-sample">469</span></sign>
      <sign key="mark.note"><span class="note-ref">1</span></sign>
      <sign key="mark.person"><span class="mention mention-person">Name</span></sign>
      <sign key="mark.place"><span class="mention mention-place">Name</span></sign>
      <sign key="mark.org"><span class="mention mention-org">Name</span></sign>
      <sign key="mark.anchor"><span class="anchor-sample">p2</span></sign>
    </xsl:variable>
    <xsl:variable name="text" select="$root//text"/>
    <xsl:variable name="used" select="if (empty($root)) then $signs/@key/string() else (
        'mark.gap'[$text//gap], 'mark.emph'[$text//emph[@resp]], 'mark.sic'[$root//choice[sic]],
        'mark.add'[$text//add], 'mark.del'[$text//del], 'mark.unclear'[$text//unclear],
        'mark.supplied'[$text//supplied], 'mark.pb'[$text//pb], 'mark.fw'[$root//fw],
        'mark.note'[$text//note[e:is-footnote(.)]], 'mark.person'[$text//persName[@ref]],
        'mark.place'[$text//placeName[@ref]], 'mark.org'[$text//orgName[@ref]], 'mark.anchor'[$text//p[@xml:id]])"/>
    <dl class="legend-list">
      <xsl:for-each select="$signs[@key = $used]">
        <div>
          <dt><xsl:copy-of select="node()" copy-namespaces="no"/></dt><xsl:text> </xsl:text>
          <dd>
            <xsl:value-of select="e:capitalize(
                if (@key = 'mark.emph') then
                  (if ($root) then e:label(@key, e:resp-name(($text//emph/@resp)[1])) else e:label('mark.emph-any'))
                else normalize-space(e:label(@key, '')))"/>
          </dd><xsl:text> </xsl:text>
        </div>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <xsl:template name="e:pager">
    <xsl:param name="doc" as="element(f:document)"/>
    <nav class="doc-pager" aria-label="{e:label('doc.pager')}" data-pagefind-ignore="all">
      <xsl:for-each select="e:document($doc/@prev)">
        <a class="pager-prev" rel="prev" href="{e:document-href(.)}">
          <span class="pager-dir">← {e:label('doc.previous')}</span>
          <span class="pager-title">{f:title}</span>
        </a>
      </xsl:for-each>
      <xsl:for-each select="e:document($doc/@next)">
        <a class="pager-next" rel="next" href="{e:document-href(.)}">
          <span class="pager-dir">{e:label('doc.next')} →</span>
          <span class="pager-title">{f:title}</span>
        </a>
      </xsl:for-each>
    </nav>
  </xsl:template>

</xsl:stylesheet>
