<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's own pages: home (title, editors, introduction and editorial
  principles of tei/edition.xml), the documents table, the bibliography, the
  about page (the edition header), search, the encoding manual and the page
  for addresses that do not exist.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Editors as the edition header names them (editor, respStmt), else edition.toml's. -->
  <xsl:function name="e:edition-editors" as="xs:string*">
    <xsl:param name="header" as="element(teiHeader)?"/>
    <xsl:variable name="named" select="$header/fileDesc/titleStmt/(editor, respStmt/(name, persName, orgName))"/>
    <xsl:sequence select="if ($named) then distinct-values($named ! normalize-space()) else $e:edition/f:editor ! string()"/>
  </xsl:function>

  <xsl:function name="e:edition-title" as="xs:string">
    <xsl:param name="header" as="element(teiHeader)?"/>
    <xsl:sequence select="string(($header/fileDesc/titleStmt/title[@type = 'main' or not(@type)], $e:edition/@title)[1]) ! normalize-space()"/>
  </xsl:function>

  <!-- home ================================================================ -->
  <xsl:template name="e:home-page">
    <xsl:variable name="header" select="/TEI/teiHeader"/>
    <xsl:variable name="title" select="e:edition-title($header)"/>
    <xsl:variable name="docs" select="e:documents()"/>
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="nav" select="'home'"/>
      <xsl:with-param name="index" select="true()"/>
      <xsl:with-param name="meta" select="map {
          'description': string(($header/fileDesc/titleStmt/title[@type = 'sub'], $title)[1]),
          'schema-type': 'Collection',
          'date': string($facts/f:facts/@build-date)}"/>
      <xsl:with-param name="content">
        <section class="hero" aria-labelledby="edition-title">
          <p class="hero-kicker">{e:label('site.subtitle')}</p>
          <h1 id="edition-title" data-pagefind-meta="title">{$title}</h1>
          <xsl:for-each select="$header/fileDesc/titleStmt/title[@type = 'sub']">
            <p class="hero-sub">{normalize-space(.)}</p>
          </xsl:for-each>
          <p class="hero-editors">{e:label('home.editors', string-join(e:edition-editors($header), ', '))}</p>
          <dl class="hero-facts" data-pagefind-ignore="all">
            <xsl:if test="$docs">
              <div class="hero-period">
                <dt>{e:label('home.period')}</dt><xsl:text> </xsl:text>
                <dd>{e:label('home.documents-span', (e:format-date($docs[1]/f:date/@sort), e:format-date($docs[last()]/f:date/@sort)))}</dd><xsl:text> </xsl:text>
              </div>
            </xsl:if>
            <div>
              <dt>{e:label('nav.documents')}</dt><xsl:text> </xsl:text>
              <dd>{count($docs)}</dd><xsl:text> </xsl:text>
            </div>
            <xsl:for-each select="$facts/f:facts/f:site/f:nav/f:item[@kind]">
              <xsl:variable name="kind" select="@kind"/>
              <div>
                <dt>{e:label('nav.' || @key)}</dt><xsl:text> </xsl:text>
                <dd>{count($facts/f:facts/f:entries/f:entry[@kind = $kind])}</dd><xsl:text> </xsl:text>
              </div>
            </xsl:for-each>
          </dl>
          <p class="hero-actions" data-pagefind-ignore="all">
            <a class="button button-primary" href="documents.html">{e:count('home.documents', count($docs))}</a>
            <xsl:if test="$facts/f:facts/f:site/f:nav/f:item[@key = 'search']">
              <a class="button" href="search.html">{e:label('home.search')}</a>
            </xsl:if>
            <xsl:for-each select="$facts/f:facts/f:site/f:download[@scope = 'edition'][@format = 'pdf']">
              <a class="button" href="{@href}" download="">{e:label('home.pdf')}</a>
            </xsl:for-each>
          </p>
        </section>
        <div class="home-layout">
          <div class="home-text prose">
            <xsl:apply-templates select="/TEI/text/front/div">
              <xsl:with-param name="level" tunnel="yes" select="2"/>
            </xsl:apply-templates>
          </div>
          <aside class="home-aside" aria-label="{e:label('home.browse')}" data-pagefind-ignore="all">
            <section class="card" aria-labelledby="home-docs">
              <h2 id="home-docs">{e:label('nav.documents')}</h2>
              <xsl:if test="$docs">
                <p class="card-note">{e:label('home.documents-span', (e:format-date($docs[1]/f:date/@sort), e:format-date($docs[last()]/f:date/@sort)))}</p>
              </xsl:if>
              <ol class="timeline">
                <xsl:for-each select="$docs[position() le $e:timeline-length]">
                  <li>
                    <a href="{e:document-href(.)}">
                      <span class="timeline-date">{(f:date[normalize-space()], f:date/@iso)[1]}</span>
                      <span class="timeline-title">{f:title}</span>
                    </a>
                  </li>
                </xsl:for-each>
              </ol>
              <xsl:if test="count($docs) gt $e:timeline-length">
                <p class="card-more"><a href="documents.html">{e:label('home.all-documents', string(count($docs)))}</a></p>
              </xsl:if>
            </section>
            <xsl:if test="$facts/f:facts/f:site/f:nav/f:item[@kind]">
            <section class="card" aria-labelledby="home-registers">
              <h2 id="home-registers">{e:label('home.registers')}</h2>
              <ul class="register-links">
                <xsl:for-each select="$facts/f:facts/f:site/f:nav/f:item[@kind]">
                  <xsl:variable name="kind" select="@kind"/>
                  <li>
                    <a href="{@href}">{e:label('nav.' || @key)}</a>
                    <span class="count">{e:count('home.entries', count($facts/f:facts/f:entries/f:entry[@kind = $kind]))}</span>
                  </li>
                </xsl:for-each>
              </ul>
            </section>
            </xsl:if>
          </aside>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- the documents table ================================================== -->
  <xsl:template name="e:documents-page">
    <xsl:variable name="docs" select="e:documents()"/>
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="e:label('documents.title')"/>
      <xsl:with-param name="nav" select="'documents'"/>
      <xsl:with-param name="meta" select="map {'description': e:label('documents.caption'), 'schema-type': 'CollectionPage'}"/>
      <xsl:with-param name="content">
        <header class="page-header">
          <h1>{e:label('documents.title')}</h1>
          <p class="lead">{e:label('documents.lead', string(count($docs)))}</p>
        </header>
        <div class="table-tools" hidden="">
          <div class="field">
            <label for="documents-filter">{e:label('documents.filter')}</label>
            <input id="documents-filter" type="search" placeholder="{e:label('documents.filter-placeholder')}" autocomplete="off"/>
          </div>
          <div class="field">
            <label for="documents-type">{e:label('documents.type')}</label>
            <select id="documents-type">
              <option value="">{e:label('documents.all-types')}</option>
              <xsl:for-each select="distinct-values($docs/@type)">
                <xsl:sort select="e:value-label('type', .)"/>
                <option value="{.}">{e:value-label('type', .)}</option>
              </xsl:for-each>
            </select>
          </div>
          <p class="filter-status" role="status" data-template="{e:label('documents.shown', ('{1}', '{2}'))}"></p>
        </div>
        <div class="table-wrap">
          <table class="documents-table" id="documents-table" data-sortable="">
            <caption class="visually-hidden">{e:label('documents.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" class="col-no" data-sort="number">{e:label('documents.no')}</th>
                <th scope="col" class="col-date" data-sort="text" aria-sort="ascending">{e:label('documents.date')}</th>
                <th scope="col" class="col-type" data-sort="text">{e:label('documents.type')}</th>
                <th scope="col" class="col-sender" data-sort="text">{e:label('documents.sender')}</th>
                <th scope="col" class="col-recipient" data-sort="text">{e:label('documents.recipient')}</th>
                <th scope="col" class="col-doc" data-sort="text">{e:label('documents.document')}</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$docs">
                <tr data-type="{@type}">
                  <td class="col-no" data-label="{e:label('documents.no')}" data-value="{@n}">{@n}</td>
                  <td class="col-date" data-label="{e:label('documents.date')}" data-value="{f:date/@sort}">
                    <xsl:choose>
                      <xsl:when test="f:date/@when"><time datetime="{f:date/@when}">{e:format-date(f:date/@when)}</time></xsl:when>
                      <xsl:otherwise>{e:format-date-range((), f:date/@not-before, f:date/@not-after)}</xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="col-type" data-label="{e:label('documents.type')}">{e:value-label('type', @type)}</td>
                  <td class="col-sender" data-label="{e:label('documents.sender')}">{string-join(f:sender ! e:party-name(.), '; ')}</td>
                  <td class="col-recipient" data-label="{e:label('documents.recipient')}">{string-join(f:recipient ! e:party-name(.), '; ')}</td>
                  <td class="col-doc" data-label="{e:label('documents.document')}">
                    <a href="{e:document-href(.)}">{f:title}</a>
                    <xsl:if test="normalize-space(f:summary)">
                      <span class="summary">{f:summary}</span>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <p class="table-empty" hidden="">{e:label('documents.none')}</p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- bibliography ========================================================= -->
  <xsl:template name="e:bibliography-page">
    <xsl:variable name="entries" select="//listBibl/(biblStruct, bibl)[@xml:id]"/>
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="e:label('bibliography.title')"/>
      <xsl:with-param name="nav" select="'bibliography'"/>
      <xsl:with-param name="index" select="true()"/>
      <xsl:with-param name="meta" select="map {'description': e:label('bibliography.lead'), 'schema-type': 'CollectionPage'}"/>
      <xsl:with-param name="content">
        <header class="page-header">
          <h1>{e:label('bibliography.title')}</h1>
          <p class="lead">{e:label('bibliography.lead')}</p>
        </header>
        <ol class="bibliography">
          <xsl:for-each select="$entries">
            <xsl:variable name="fact" select="key('e:entry', @xml:id, $facts)"/>
            <li id="{e:safe-id(@xml:id)}" class="bibl-entry">
              <p class="bibl-citation"><xsl:sequence select="e:citation-html(e:trim(e:bibl-struct(.)))"/></p>
              <xsl:for-each select="note[normalize-space()]">
                <p class="bibl-note"><xsl:apply-templates/></p>
              </xsl:for-each>
              <xsl:for-each select="relatedItem[@target]">
                <xsl:variable name="href" select="e:pointer-href(e:first-token(@target))"/>
                <xsl:variable name="entry" select="e:entry(@target)"/>
                <xsl:if test="$href">
                  <p class="bibl-related">{e:value-label('bibl.related', @type)}: <a href="{$href}">{($entry/@name, @target)[1]}</a></p>
                </xsl:if>
              </xsl:for-each>
              <xsl:variable name="docs" select="key('e:document', $fact/f:cited/@doc, $facts)"/>
              <xsl:if test="$docs">
                <p class="bibl-cited">
                  <span class="mentions-title">{e:label('bibl.cited-in')}: </span>
                  <xsl:for-each select="$docs">
                    <xsl:if test="position() gt 1">, </xsl:if>
                    <a href="{e:document-href(.)}">{e:label('doc.number', string(@n))}</a>
                  </xsl:for-each>
                </p>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- about: the edition header =========================================== -->
  <xsl:template name="e:about-page">
    <xsl:variable name="header" select="/TEI/teiHeader"/>
    <xsl:variable name="title" select="e:edition-title($header)"/>
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="e:label('about.title')"/>
      <xsl:with-param name="nav" select="'about'"/>
      <xsl:with-param name="meta" select="map {'description': $title, 'schema-type': 'AboutPage'}"/>
      <xsl:with-param name="content">
        <header class="page-header">
          <h1>{e:label('about.title')}</h1>
          <p class="lead">{$title}</p>
        </header>
        <div class="about-layout">
        <nav class="toc" aria-label="{e:label('about.contents')}">
          <p class="toc-title">{e:label('about.contents')}</p>
          <ol>
            <li><a href="#about-editors">{e:label('about.editors')}</a></li>
            <li><a href="#about-publication">{e:label('about.publication')}</a></li>
            <xsl:if test="$header/fileDesc/sourceDesc/*"><li><a href="#about-sources">{e:label('about.sources')}</a></li></xsl:if>
            <xsl:if test="$header/encodingDesc/(projectDesc, editorialDecl, samplingDecl)"><li><a href="#about-project">{e:label('about.project')}</a></li></xsl:if>
            <li><a href="#about-legend">{e:label('about.legend')}</a></li>
            <li><a href="#about-cite">{e:label('about.cite')}</a></li>
            <li><a href="#about-downloads">{e:label('about.downloads')}</a></li>
            <xsl:if test="$header/revisionDesc/change"><li><a href="#about-revisions">{e:label('about.revisions')}</a></li></xsl:if>
          </ol>
        </nav>
        <div class="prose about">
          <section aria-labelledby="about-editors">
            <h2 id="about-editors">{e:label('about.editors')}</h2>
            <ul class="plain-list">
              <xsl:for-each select="$header/fileDesc/titleStmt/(editor, respStmt, author)">
                <li>
                  <xsl:if test="@xml:id"><xsl:attribute name="id" select="e:safe-id(@xml:id)"/></xsl:if>
                  <xsl:choose>
                    <xsl:when test="self::respStmt">
                      <strong>{string-join((name, persName, orgName) ! normalize-space(), ', ')}</strong>: {normalize-space(resp)}
                    </xsl:when>
                    <xsl:otherwise>
                      <strong><xsl:apply-templates select="node()"/></strong>
                      <xsl:if test="@role"> ({e:capitalize(@role)})</xsl:if>
                    </xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
              <xsl:if test="not($header/fileDesc/titleStmt/(editor, respStmt, author))">
                <xsl:for-each select="$e:edition/f:editor"><li>{.}</li></xsl:for-each>
              </xsl:if>
            </ul>
          </section>
          <section aria-labelledby="about-publication">
            <h2 id="about-publication">{e:label('about.publication')}</h2>
            <dl class="meta-list">
              <xsl:for-each select="($header/fileDesc/publicationStmt/publisher, $e:edition/@publisher)[1][normalize-space()]">
                <div><dt>{e:label('about.publisher')}</dt><xsl:text> </xsl:text><dd>{normalize-space(.)}</dd><xsl:text> </xsl:text></div>
              </xsl:for-each>
              <div><dt>{e:label('about.date')}</dt><xsl:text> </xsl:text><dd>{e:format-date($facts/f:facts/@build-date)}</dd><xsl:text> </xsl:text></div>
              <div>
                <dt>{e:label('about.licence')}</dt><xsl:text> </xsl:text>
                <dd>
                  <xsl:variable name="licence" select="$header/fileDesc/publicationStmt/availability/licence[1]"/>
                  <a rel="license" href="{(e:safe-url($licence/@target), e:safe-url($e:edition/@licence-url))[1]}">{(normalize-space($licence)[. ne ''], $e:edition/@licence)[1]}</a>
                </dd><xsl:text> </xsl:text>
              </div>
              <xsl:if test="$e:edition/@doi">
                <div><dt>DOI</dt><xsl:text> </xsl:text><dd><a href="https://doi.org/{encode-for-uri($e:edition/@doi) ! replace(., '%2F', '/')}">{$e:edition/@doi}</a></dd><xsl:text> </xsl:text></div>
              </xsl:if>
            </dl>
          </section>
          <xsl:if test="$header/fileDesc/sourceDesc/*">
            <section aria-labelledby="about-sources">
              <h2 id="about-sources">{e:label('about.sources')}</h2>
              <ul class="citations">
                <xsl:for-each select="$header/fileDesc/sourceDesc/(bibl, biblStruct, listBibl/*, p, msDesc)">
                  <li>
                    <xsl:choose>
                      <xsl:when test="self::bibl[ptr]"><xsl:sequence select="e:citation-html(e:bibl(.))"/></xsl:when>
                      <xsl:when test="self::biblStruct"><xsl:sequence select="e:citation-html(e:bibl-struct(.))"/></xsl:when>
                      <xsl:when test="self::msDesc"><xsl:sequence select="e:citation-html(e:witness(.))"/></xsl:when>
                      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
                    </xsl:choose>
                  </li>
                </xsl:for-each>
              </ul>
            </section>
          </xsl:if>
          <xsl:if test="$header/encodingDesc/(projectDesc, editorialDecl, samplingDecl)">
            <section aria-labelledby="about-project">
              <h2 id="about-project">{e:label('about.project')}</h2>
              <xsl:apply-templates select="$header/encodingDesc/(projectDesc, samplingDecl, editorialDecl)/*"/>
            </section>
          </xsl:if>
          <section aria-labelledby="about-legend">
            <h2 id="about-legend">{e:label('about.legend')}</h2>
            <xsl:call-template name="e:legend"/>
          </section>
          <section id="cite" aria-labelledby="about-cite">
            <h2 id="about-cite">{e:label('about.cite')}</h2>
            <p>{e:label('about.cite-edition')}:</p>
            <p class="citation" id="citation">
              <xsl:variable name="editors" select="e:edition-editors($header)"/>
              <xsl:if test="exists($editors)">{string-join($editors, ', ')} ({e:label(if (count($editors) gt 1) then 'bibl.eds' else 'bibl.ed') => replace('[()]', '')}): </xsl:if>
              <cite>{$title}</cite>
              <xsl:text>. {string-join(($e:edition/@publisher[normalize-space()], e:label('cite.version', e:format-date($facts/f:facts/@build-date))), ', ')}. </xsl:text>
              <span class="citation-url">{e:public-url('index.html') => replace('index\.html$', '')}</span>
              <xsl:if test="$e:edition/@doi">. DOI: {$e:edition/@doi}</xsl:if>
            </p>
            <button type="button" class="copy-button" data-copy="citation" data-done="{e:label('doc.copied')}" hidden="">{e:label('doc.copy')}</button>
            <p>{e:label('about.cite-document')}</p>
          </section>
          <section id="downloads" aria-labelledby="about-downloads">
            <h2 id="about-downloads">{e:label('about.downloads')}</h2>
            <p>{e:label('about.download-tei')}:</p>
            <ul class="downloads downloads-all">
              <xsl:for-each select="$facts/f:facts/f:site/f:download[@scope = 'edition']">
                <li>
                  <a class="download download-{@format}" href="{@href}" download="">
                    <span class="download-format">{upper-case(@format)}</span><xsl:text> </xsl:text>
                    <span class="download-label">{@label}</span>
                  </a>
                </li>
              </xsl:for-each>
            </ul>
          </section>
          <xsl:if test="$header/revisionDesc/change">
            <section aria-labelledby="about-revisions">
              <h2 id="about-revisions">{e:label('about.revisions')}</h2>
              <div class="table-wrap">
                <table class="revisions">
                  <caption class="visually-hidden">{e:label('about.revisions')}</caption>
                  <thead>
                    <tr><th scope="col">{e:label('about.date')}</th><th scope="col">{e:label('about.change')}</th><th scope="col">{e:label('about.by')}</th></tr>
                  </thead>
                  <tbody>
                    <xsl:for-each select="$header/revisionDesc/change">
                      <xsl:sort select="@when" order="descending"/>
                      <tr>
                        <td><time datetime="{@when}">{e:format-date(@when)}</time></td>
                        <td><xsl:apply-templates/></td>
                        <td>{e:resp-name((@who, @resp)[1])}</td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </section>
          </xsl:if>
        </div>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- search ================================================================ -->
  <xsl:template name="e:search-page">
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="e:label('search.title')"/>
      <xsl:with-param name="nav" select="'search'"/>
      <xsl:with-param name="scripts" select="'search.js'"/>
      <xsl:with-param name="meta" select="map {'description': e:label('search.hint'), 'schema-type': 'SearchResultsPage'}"/>
      <xsl:with-param name="content">
        <header class="page-header">
          <h1>{e:label('search.title')}</h1>
          <p class="lead">{e:label('search.hint')}</p>
        </header>
        <div class="search" id="search"
             data-bundle="pagefind/pagefind.js"
             data-filters="{string-join($e:edition/f:search-filter, ' ')}"
             data-label-results="{e:label('search.results', ('{1}', '{2}'))}"
             data-label-one="{e:label('search.one-result', '{1}')}"
             data-label-none="{e:label('search.no-results', '{1}')}"
             data-label-filtered="{e:label('search.filtered', '{1}')}"
             data-label-filtered-one="{e:label('search.filtered-one')}"
             data-label-loading="{e:label('search.loading')}"
             data-label-unavailable="{e:label('search.unavailable')}"
             data-label-filters="{e:label('search.filters')}">
          <xsl:for-each select="$e:edition/f:search-filter">
            <xsl:attribute name="data-label-filter-{.}" select="e:label('search.filter.' || .)"/>
          </xsl:for-each>
          <form class="search-form" id="search-form" role="search" action="search.html" method="get">
            <label for="search-input">{e:label('search.label')}</label>
            <div class="search-row">
              <input id="search-input" name="q" type="search" autocomplete="off" placeholder="{e:label('search.placeholder')}"/>
              <button type="submit">{e:label('search.button')}</button>
            </div>
          </form>
          <noscript><p class="notice">{e:label('search.noscript')}</p></noscript>
          <div class="search-layout">
            <div class="search-filters" id="search-filters" hidden=""></div>
            <div class="search-results-wrap">
              <p class="search-status" id="search-status" role="status" aria-live="polite"></p>
              <ol class="search-results" id="search-results"></ol>
            </div>
          </div>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- the encoding manual (the <main> of schema/manual.html, cleaned) ========= -->
  <xsl:template name="e:manual-page">
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="e:label('manual.title')"/>
      <xsl:with-param name="nav" select="'manual'"/>
      <xsl:with-param name="meta" select="map {'description': e:label('manual.title'), 'schema-type': 'TechArticle'}"/>
      <xsl:with-param name="content">
        <div class="prose manual">
          <xsl:if test="not(//*[local-name() = 'h1'])">
            <h1>{e:label('manual.title')}</h1>
          </xsl:if>
          <xsl:apply-templates select="/*/node()" mode="e:manual"/>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Only plain document elements and harmless attributes pass; scripts, styles,
       forms and embedded objects are dropped with their content. -->
  <xsl:variable name="e:manual-elements" as="xs:string*" select="
      ('h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody',
       'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'pre', 'code', 'a', 'em', 'strong', 'i', 'b', 'u',
       'span', 'div', 'section', 'article', 'nav', 'aside', 'figure', 'figcaption', 'blockquote', 'br', 'hr', 'sup',
       'sub', 'kbd', 'samp', 'var', 'abbr', 'cite', 'q', 'small', 'mark', 'details', 'summary', 'header', 'footer',
       'time', 'wbr', 'dfn', 's', 'del', 'ins')"/>
  <xsl:variable name="e:manual-dropped" as="xs:string*" select="
      ('script', 'style', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'select', 'textarea', 'link',
       'meta', 'base', 'frame', 'frameset', 'applet', 'svg', 'math', 'template', 'noscript', 'audio', 'video', 'img',
       'picture', 'source', 'canvas', 'title', 'head')"/>

  <xsl:template match="*" mode="e:manual">
    <xsl:variable name="name" select="lower-case(local-name())"/>
    <xsl:choose>
      <xsl:when test="$name = $e:manual-dropped"/>
      <xsl:when test="$name = $e:manual-elements">
        <xsl:element name="{if ($name = 'h1' and preceding::*[lower-case(local-name()) = 'h1']) then 'h2' else $name}">
          <xsl:for-each select="@id | @class | @lang | @colspan | @rowspan | @scope | @title | @datetime | @start">
            <xsl:attribute name="{lower-case(local-name())}" select="."/>
          </xsl:for-each>
          <xsl:if test="$name = 'a' and @href">
            <xsl:variable name="href" select="e:safe-url(@href)"/>
            <xsl:if test="$href">
              <xsl:attribute name="href" select="$href"/>
            </xsl:if>
          </xsl:if>
          <xsl:apply-templates mode="e:manual"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="e:manual"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- not found ============================================================= -->
  <xsl:template name="e:notfound-page">
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="e:label('notfound.title')"/>
      <xsl:with-param name="content">
        <header class="page-header">
          <h1>{e:label('notfound.title')}</h1>
          <p class="lead">{e:label('notfound.text')}</p>
          <p><a class="button button-primary" href="index.html">{e:label('nav.home')}</a></p>
        </header>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
