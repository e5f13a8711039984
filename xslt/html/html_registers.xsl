<?xml version="1.0" encoding="UTF-8"?>
<!--
  Register pages (persons, places, organisations): every entry with its names,
  dates, offices, identifiers (as links) and every document and passage that
  mentions it (back-links to the paragraph anchors), in alphabetical order
  with an index of initials.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Authority files: how an identifier becomes an address. -->
  <xsl:function name="e:idno-url" as="xs:string?">
    <xsl:param name="idno" as="element(idno)"/>
    <xsl:variable name="value" select="normalize-space($idno)"/>
    <xsl:sequence select="
        if (matches($value, '^https?://')) then e:safe-url($value)
        else if ($idno/@type = 'wikidata' and matches($value, '^Q\d+$')) then 'https://www.wikidata.org/wiki/' || $value
        else if ($idno/@type = 'gnd' and matches($value, '^[0-9X-]+$')) then 'https://d-nb.info/gnd/' || $value
        else if ($idno/@type = 'viaf' and matches($value, '^\d+$')) then 'https://viaf.org/viaf/' || $value
        else if ($idno/@type = 'geonames' and matches($value, '^\d+$')) then 'https://www.geonames.org/' || $value
        else ()"/>
  </xsl:function>

  <!-- A register of many entries is shown in parts (toolkit/build/html.py): an index naming every
       entry and a page per initial listing its entries in full.  The facts say which initial each
       entry is filed under (f:entry/@initial) and, for a register in parts, the page of each
       initial (f:site/f:part). -->
  <xsl:function name="e:register-parts" as="element(f:part)*">
    <xsl:sequence select="$facts/f:facts/f:site/f:part[@file = $source-path]"/>
  </xsl:function>

  <xsl:function name="e:letter-id" as="xs:string">
    <xsl:param name="initial" as="xs:string"/>
    <xsl:sequence select="'letter-' || (if ($initial = '#') then 'other' else $initial)"/>
  </xsl:function>

  <!-- Where the index of initials leads: the page of an initial, or its heading on this page. -->
  <xsl:function name="e:letter-href" as="xs:string">
    <xsl:param name="initial" as="xs:string"/>
    <xsl:sequence select="(e:register-parts()[@initial = $initial]/@href, '#' || e:letter-id($initial))[1]"/>
  </xsl:function>

  <xsl:function name="e:register-kind" as="xs:string">
    <xsl:param name="list" as="element()?"/>
    <xsl:sequence select="if ($list/self::listPerson) then 'person' else if ($list/self::listPlace) then 'place' else 'org'"/>
  </xsl:function>

  <!-- The register's page; for a register in parts, the page of one initial ($register-initial) or
       the index ($page = 'register-index'), which names every entry under its initial, linked to
       the entry. -->
  <xsl:template name="e:register-page">
    <xsl:variable name="list" select="(//listPerson, //listPlace, //listOrg)[1]"/>
    <xsl:variable name="kind" select="e:register-kind($list)"/>
    <xsl:variable name="all" select="$list//(person | place | org)[@xml:id]"/>
    <xsl:variable name="index-page" select="$page = 'register-index'"/>
    <xsl:variable name="entries" select="if ($register-initial) then $all[key('e:entry', @xml:id, $facts)/@initial = $register-initial]
                                         else $all"/>
    <xsl:variable name="title" select="e:label('register.' || $kind) || ($register-initial[.] ! (' · ' || .))"/>
    <xsl:call-template name="e:layout">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="nav" select="$facts/f:facts/f:site/f:nav/f:item[@href = e:page-of($source-path)]/@key"/>
      <xsl:with-param name="index" select="not($index-page)"/>
      <xsl:with-param name="class" select="string-join(('page-register', 'page-register-index'[$index-page]), ' ')"/>
      <xsl:with-param name="meta" select="map {'description': e:label('register.lead.' || $kind, string(count($all))), 'schema-type': 'CollectionPage'}"/>
      <xsl:with-param name="content">
        <header class="page-header">
          <h1>{$title}</h1>
          <p class="lead">{e:label('register.lead.' || $kind, string(count($all)))}</p>
        </header>
        <xsl:call-template name="e:register-tools">
          <xsl:with-param name="entries" select="$all"/>
        </xsl:call-template>
        <div class="{string-join(('register', 'register-index'[$index-page]), ' ')}">
          <xsl:for-each-group select="$entries" group-by="key('e:entry', @xml:id, $facts)/@initial">
            <xsl:sort select="current-grouping-key()" lang="{$interface-language}"/>
            <xsl:variable name="href" select="e:letter-href(current-grouping-key())"/>
            <section class="letter-group" aria-labelledby="{e:letter-id(current-grouping-key())}">
              <h2 class="letter" id="{e:letter-id(current-grouping-key())}">
                <xsl:choose>
                  <xsl:when test="$index-page"><a href="{$href}">{current-grouping-key()}</a></xsl:when>
                  <xsl:otherwise>{current-grouping-key()}</xsl:otherwise>
                </xsl:choose>
              </h2>
              <xsl:variable name="group" as="element()*">
                <xsl:perform-sort select="current-group()">
                  <xsl:sort select="key('e:entry', @xml:id, $facts)/@name" lang="{$interface-language}"/>
                </xsl:perform-sort>
              </xsl:variable>
              <xsl:choose>
                <xsl:when test="$index-page">
                  <ul class="entry-list">
                    <xsl:for-each select="$group">
                      <!-- persons.html#id, an entry's address on a register of one page, stays valid -->
                      <li class="entry" id="{e:safe-id(@xml:id)}">
                        <a class="entry-name" href="{e:href($href, @xml:id)}">{key('e:entry', @xml:id, $facts)/@name}</a>
                      </li>
                    </xsl:for-each>
                  </ul>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:apply-templates select="$group" mode="e:entry"/>
                </xsl:otherwise>
              </xsl:choose>
            </section>
          </xsl:for-each-group>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Above a register: the index of initials (of the whole register, on every page of it) and the filter. -->
  <xsl:template name="e:register-tools">
    <xsl:param name="entries" as="element()*"/>
    <xsl:variable name="parts" select="e:register-parts()"/>
    <xsl:variable name="initials" select="if ($parts) then $parts/@initial/string()
                                          else distinct-values($entries ! key('e:entry', @xml:id, $facts)/@initial)"/>
    <div class="register-tools" data-pagefind-ignore="all">
      <nav class="az" aria-label="{e:label('register.index')}">
        <ul>
          <xsl:for-each select="$initials">
            <xsl:sort select="." lang="{$interface-language}"/>
            <li>
              <a href="{e:letter-href(.)}">
                <xsl:if test=". = $register-initial">
                  <xsl:attribute name="aria-current" select="'page'"/>
                </xsl:if>
                <xsl:value-of select="."/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
      <div class="filter" hidden="">
        <label for="register-filter">{e:label('register.filter')}</label>
        <input id="register-filter" type="search" data-filter=".entry" autocomplete="off"/>
        <p class="filter-status" role="status" data-template="{e:label('register.shown', ('{1}', '{2}'))}"></p>
      </div>
    </div>
  </xsl:template>

  <xsl:template match="person | place | org" mode="e:entry">
    <xsl:variable name="fact" select="key('e:entry', @xml:id, $facts)"/>
    <xsl:variable name="id" select="e:safe-id(@xml:id)"/>
    <article class="entry entry-{$fact/@kind}" id="{$id}" aria-labelledby="{$id}-name">
      <h3 class="entry-name" id="{$id}-name">
        <span class="entry-main-name">{$fact/@name}</span>
        <xsl:if test="(birth, death)/(@when, @notBefore, @notAfter, @from)">
          <span class="entry-dates"> ({string-join(((birth ! e:year((@when, @notBefore, @notAfter)[1]), '')[1], (death ! e:year((@when, @notBefore, @notAfter)[1]), '')[1]), '–')})</span>
        </xsl:if>
      </h3>
      <dl class="entry-facts">
        <xsl:variable name="variants" select="(persName, placeName, orgName)[not(@type = 'main')][normalize-space() ne $fact/@name]"/>
        <xsl:if test="$variants">
          <div>
            <dt>{e:label('register.variants')}</dt><xsl:text> </xsl:text>
            <dd>{string-join(distinct-values($variants ! normalize-space()), '; ')}</dd><xsl:text> </xsl:text>
          </div>
        </xsl:if>
        <xsl:if test="birth/@* | death/@*">
          <div>
            <dt>{e:label('register.dates')}</dt><xsl:text> </xsl:text>
            <dd>
              <xsl:value-of select="string-join((
                  birth ! e:label('register.born', e:format-date-range(@when, @notBefore, @notAfter) || (placeName ! (', ' || normalize-space(.)))),
                  death ! e:label('register.died', e:format-date-range(@when, @notBefore, @notAfter) || (placeName ! (', ' || normalize-space(.))))), '; ')"/>
            </dd><xsl:text> </xsl:text>
          </div>
        </xsl:if>
        <xsl:if test="@type and (self::place or self::org)">
          <div>
            <dt>{e:label('register.type')}</dt><xsl:text> </xsl:text>
            <dd>{e:capitalize(@type)}</dd><xsl:text> </xsl:text>
          </div>
        </xsl:if>
        <xsl:variable name="offices" select="occupation | roleName | affiliation | state[not(@type = 'note')] | event"/>
        <xsl:if test="$offices">
          <div>
            <dt>{e:label('register.offices')}</dt><xsl:text> </xsl:text>
            <xsl:for-each select="$offices">
              <dd><xsl:apply-templates/></dd><xsl:text> </xsl:text>
            </xsl:for-each>
          </div>
        </xsl:if>
        <xsl:for-each select="note[normalize-space()], desc[normalize-space()], location/geo[normalize-space()]">
          <div>
            <dt>{e:label('register.note')}</dt><xsl:text> </xsl:text>
            <dd><xsl:apply-templates/></dd><xsl:text> </xsl:text>
          </div>
        </xsl:for-each>
        <xsl:if test="idno[normalize-space()]">
          <div>
            <dt>{e:label('register.identifiers')}</dt><xsl:text> </xsl:text>
            <dd>
              <ul class="identifiers">
                <xsl:for-each select="idno[normalize-space()]">
                  <xsl:variable name="url" select="e:idno-url(.)"/>
                  <xsl:variable name="text" select="e:value-label('idno', (@type, 'url')[1]) || ' ' || replace(normalize-space(.), '^https?://(www\.)?', '')"/>
                  <li>
                    <xsl:choose>
                      <xsl:when test="$url"><a class="external" href="{$url}">{$text}</a></xsl:when>
                      <xsl:otherwise>{$text}</xsl:otherwise>
                    </xsl:choose>
                  </li>
                </xsl:for-each>
              </ul>
            </dd><xsl:text> </xsl:text>
          </div>
        </xsl:if>
      </dl>
      <xsl:call-template name="e:backlinks">
        <xsl:with-param name="fact" select="$fact"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- Every document that names an entry, as sender, recipient, place or in its text, with links
       to each passage. -->
  <xsl:template name="e:backlinks">
    <xsl:param name="fact" as="element(f:entry)?"/>
    <!-- key() returns the documents in the order of the facts: chronological. -->
    <xsl:variable name="docs" select="key('e:document', distinct-values(($fact/f:mention/@doc, $fact/f:party/@doc,
                                      $fact/f:cited/@doc)), $facts)"/>
    <xsl:variable name="mentions" select="map:merge($fact/f:mention ! map {string(@doc): .}, map {'duplicates': 'combine'})"/>
    <xsl:variable name="roles" select="map:merge($fact/f:party ! map {string(@doc): string(@role)}, map {'duplicates': 'combine'})"/>
    <!-- The search finds an entry by what it says of itself; the documents it lists are found on their own pages. -->
    <div class="entry-mentions" data-pagefind-ignore="all">
      <xsl:choose>
        <xsl:when test="$docs">
          <p class="mentions-label">
            <span class="mentions-title">{e:label('register.mentions')}</span>
            <xsl:variable name="passages" select="count(distinct-values($fact/f:mention ! (@doc || '#' || @anchor)))"/>
            <xsl:if test="$passages">
              <span class="mentions-count"> · {e:label('register.mentions-count', (e:count('register.passages', $passages),
                  e:count('register.documents', count(distinct-values($fact/f:mention/@doc)))))}</span>
            </xsl:if>
          </p>
          <ul class="mentions">
            <xsl:for-each select="$docs">
              <xsl:variable name="doc" select="."/>
              <xsl:variable name="href" select="e:document-href(.)"/>
              <xsl:variable name="number" select="e:label('doc.number', string(@n))"/>
              <xsl:variable name="context" select="e:safe-id($fact/@id) || '--' || e:safe-id(@id)"/>
              <li>
                <a class="mention-doc" href="{$href}" id="{$context}">
                  <span class="mention-doc-no">{$number}</span>
                  <span class="mention-doc-date">{(f:date[normalize-space()], e:format-date-range(f:date/@when, f:date/@not-before, f:date/@not-after))[1]}</span>
                  <span class="mention-doc-title">{f:title}</span>
                </a>
                <xsl:variable name="as" select="distinct-values($roles($doc/@id))"/>
                <xsl:if test="exists($as)">
                  <span class="mention-roles">{string-join($as ! e:label('register.as-' || .), ', ')}</span>
                </xsl:if>
                <xsl:variable name="anchors" select="distinct-values($mentions($doc/@id) ! string(@anchor))"/>
                <xsl:if test="exists($anchors)">
                  <span class="passages">
                    <xsl:for-each select="$anchors">
                      <xsl:variable name="label" select="if (. = '') then e:label('register.heading') else e:anchor-label(., $doc/@id)"/>
                      <a class="passage" href="{$href}{if (. = '') then '' else '#' || encode-for-uri(e:safe-id(.))}"
                         aria-describedby="{$context}">{$label}</a>
                    </xsl:for-each>
                  </span>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="mentions-label mentions-none">{e:label('register.no-mentions')}</p>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
