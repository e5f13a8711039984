<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page layout, in one place: head (metadata, security policy, stylesheet,
  scripts), header with the edition's name, search and navigation, the page's
  main content, footer.  Every page is written through e:layout.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!--
    $title    the page's title (the <title> adds the edition's short title)
    $nav      the key of the navigation item this page belongs to
    $meta     metadata for Dublin Core and JSON-LD (see html_metadata.xsl)
    $content  the page's main content (its one h1 included)
    $index    whether the search indexes this page
    $class    a class for <body> (page-document, page-home ...)
  -->
  <xsl:template name="e:layout">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="nav" as="xs:string" select="''"/>
    <xsl:param name="meta" as="map(*)" select="map {}"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="index" as="xs:boolean" select="false()"/>
    <xsl:param name="class" as="xs:string" select="'page-' || $page"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <xsl:variable name="short" select="string(($e:edition/@short-title, $e:edition/@title)[1])"/>
    <html lang="{$interface-language}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="{if ($page = 'search') then $csp-search else $csp}"/>
        <meta name="referrer" content="strict-origin-when-cross-origin"/>
        <title>{if ($title = $short or $page = 'home') then $e:edition/@title else $title || ' · ' || $short}</title>
        <xsl:if test="map:contains($meta, 'description')">
          <meta name="description" content="{$meta?description}"/>
        </xsl:if>
        <xsl:call-template name="e:metadata">
          <xsl:with-param name="meta" select="map:merge(($meta, map {'title': $title}))"/>
        </xsl:call-template>
        <link rel="stylesheet" href="{$assets}edition.css"/>
        <xsl:for-each select="$facts/f:facts/f:site/f:stylesheet">
          <link rel="stylesheet" href="{$assets}{@href}"/>
        </xsl:for-each>
        <link rel="icon" href="{$assets}favicon.svg" type="image/svg+xml"/>
        <script src="{$assets}edition.js" defer=""></script>
        <xsl:for-each select="$scripts">
          <script src="{$assets}{.}" defer=""></script>
        </xsl:for-each>
      </head>
      <body class="{$class}">
        <a class="skip-link" href="#main">{e:label('site.skip')}</a>
        <header class="site-header">
          <div class="site-header-inner">
            <a class="brand" href="index.html">
              <span class="brand-mark" aria-hidden="true"></span>
              <span class="brand-text">
                <span class="brand-title">{$short}</span>
                <span class="brand-sub">{e:label('site.subtitle')}</span>
              </span>
            </a>
            <xsl:if test="$page ne 'search' and exists($facts/f:facts/f:site/f:nav/f:item[@key = 'search'])">
              <form class="site-search" role="search" action="search.html" method="get">
                <label class="visually-hidden" for="site-search-q">{e:label('search.label')}</label>
                <input id="site-search-q" name="q" type="search" placeholder="{e:label('search.placeholder')}" autocomplete="off"/>
                <button type="submit">{e:label('search.button')}</button>
              </form>
            </xsl:if>
          </div>
          <nav class="site-nav" aria-label="{e:label('site.nav')}">
            <ul>
              <xsl:for-each select="$facts/f:facts/f:site/f:nav/f:item">
                <li>
                  <a href="{@href}">
                    <xsl:if test="@key = $nav">
                      <xsl:attribute name="aria-current" select="if (@href = $page-href) then 'page' else 'true'"/>
                    </xsl:if>
                    <xsl:value-of select="e:label('nav.' || @key)"/>
                  </a>
                </li>
              </xsl:for-each>
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          <xsl:if test="$index">
            <xsl:attribute name="data-pagefind-body" select="''"/>
          </xsl:if>
          <xsl:sequence select="$content"/>
        </main>
        <xsl:call-template name="e:footer"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="e:footer">
    <footer class="site-footer">
      <div class="site-footer-inner">
        <div class="footer-about">
          <p class="footer-title">{$e:edition/@title}</p>
          <xsl:if test="$e:edition/f:editor">
            <p>{e:label('home.editors', string-join($e:edition/f:editor, ', '))}</p>
          </xsl:if>
          <p>{e:label('site.version', e:format-date($facts/f:facts/@build-date))}</p>
        </div>
        <div class="footer-links">
          <p>
            <a href="about.html#cite">{e:label('about.cite')}</a>
            <xsl:text> · </xsl:text>
            <a href="about.html#downloads">{e:label('about.downloads')}</a>
            <xsl:if test="$e:edition/f:contact">
              <xsl:text> · </xsl:text>
              <xsl:variable name="mail" select="e:safe-url('mailto:' || $e:edition/f:contact)"/>
              <a href="{$mail}">{e:label('site.contact')}</a>
            </xsl:if>
          </p>
          <p>
            <xsl:value-of select="e:label('site.licence')"/>
            <xsl:text>: </xsl:text>
            <a rel="license" href="{e:safe-url($e:edition/@licence-url)}">{$e:edition/@licence}</a>
          </p>
          <p class="footer-colophon">{e:label('site.built-with')}</p>
        </div>
      </div>
    </footer>
  </xsl:template>

</xsl:stylesheet>
