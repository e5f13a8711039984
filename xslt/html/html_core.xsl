<?xml version="1.0" encoding="UTF-8"?>
<!--
  The structure of a text: divisions, headings, paragraphs, lists with labels,
  quotations, speaker turns, openers and closers, the heading block (docTitle,
  docDate).  Every element with an xml:id keeps it as its HTML id; blocks that
  are citable passages carry a visible anchor link.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- id, lang and class (from the given classes and the @rend list) of the current element. -->
  <xsl:template name="e:attributes">
    <xsl:param name="class" as="xs:string*" select="()"/>
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="e:safe-id(@xml:id)"/>
    </xsl:if>
    <xsl:if test="@xml:lang">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
    <xsl:variable name="classes" select="($class, e:rend-classes(@rend))"/>
    <xsl:if test="exists($classes)">
      <xsl:attribute name="class" select="string-join($classes, ' ')"/>
    </xsl:if>
  </xsl:template>

  <!-- The visible link to a citable passage (d003-p2), shown in the margin. -->
  <xsl:template name="e:anchor">
    <xsl:param name="anchors" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$anchors and @xml:id">
      <xsl:variable name="label" select="e:anchor-label(@xml:id, $e:doc-id)"/>
      <a class="anchor" href="#{e:safe-id(@xml:id)}" aria-label="{e:label('doc.anchor', $label)}"
         data-pagefind-ignore="all">{$label}</a>
    </xsl:if>
  </xsl:template>

  <!-- The id of the document being rendered ('' outside documents). -->
  <xsl:variable name="e:doc-id" as="xs:string" select="string(/TEI/@xml:id)"/>

  <xsl:template match="text">
    <xsl:apply-templates select="front, body, back"/>
  </xsl:template>

  <!-- The heading block as the source prints it. -->
  <xsl:template match="text/front">
    <header>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'text-head'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </header>
  </xsl:template>

  <xsl:template match="docTitle">
    <div>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'doc-title'"/>
      </xsl:call-template>
      <xsl:apply-templates select="titlePart"/>
    </div>
  </xsl:template>

  <xsl:template match="titlePart">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="('title-part', 'title-part-' || (@type, 'main')[1])"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="docDate | dateline">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="if (self::docDate) then 'doc-date' else 'dateline'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="byline | docImprint | docAuthor[not(ancestor::p)]">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="lower-case(local-name())"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="body | back">
    <div>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'text-' || local-name()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="div">
    <xsl:param name="level" as="xs:integer" tunnel="yes" select="3"/>
    <section>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="('div', @type ! ('div-' || e:safe-id(.)))"/>
      </xsl:call-template>
      <xsl:apply-templates select="head"/>
      <xsl:apply-templates select="node() except head">
        <xsl:with-param name="level" tunnel="yes" select="if (head) then $level + 1 else $level"/>
      </xsl:apply-templates>
    </section>
  </xsl:template>

  <!-- A division's head is a heading of the level the division stands at ($level: 2 on the
       home page, 3 in a document, whose text is under the h2 "Text"). -->
  <xsl:template match="div/head">
    <xsl:param name="level" as="xs:integer" tunnel="yes" select="3"/>
    <xsl:element name="h{min((max((2, $level)), 6))}">
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'head'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="head">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'head'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="p | ab">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="if (ancestor::note) then () else 'par'"/>
      </xsl:call-template>
      <xsl:call-template name="e:anchor"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- A paragraph inside a note or a list item cannot be an HTML p inside a p. -->
  <xsl:template match="p[ancestor::p | ancestor::note[ancestor::p]]">
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'par-inline'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Lists: labels (1., a)) as written; a list without labels is a plain HTML list. -->
  <xsl:template match="list">
    <xsl:element name="{if (@type = ('ordered', 'numbered') or label) then 'ol' else 'ul'}">
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="('list', if (label) then 'list-labelled' else (), @type ! ('list-' || e:safe-id(.)))"/>
      </xsl:call-template>
      <xsl:apply-templates select="item"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list/head"/>

  <xsl:template match="item">
    <li>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'item'"/>
      </xsl:call-template>
      <xsl:call-template name="e:anchor"/>
      <xsl:for-each select="preceding-sibling::*[1][self::label]">
        <span class="item-label">
          <xsl:apply-templates/>
        </span>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <span class="item-body"><xsl:apply-templates/></span>
    </li>
  </xsl:template>

  <xsl:template match="label">
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'label'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Quotation marks are characters of the text, outside <quote>: none are added. -->
  <xsl:template match="quote | q">
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'quote'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="quote[p | lg] | cit[quote/p]">
    <blockquote>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'quote'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </blockquote>
  </xsl:template>

  <!-- Speaker turns (conversations on the direct line, minutes). -->
  <xsl:template match="sp">
    <div>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'sp'"/>
      </xsl:call-template>
      <xsl:call-template name="e:anchor"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="speaker">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'speaker'"/>
      </xsl:call-template>
      <xsl:variable name="entry" select="e:entry(../@who)"/>
      <xsl:choose>
        <xsl:when test="$entry and not(.//*[@ref])">
          <a class="mention mention-{$entry/@kind}" href="{e:entry-href($entry)}">
            <xsl:apply-templates>
              <xsl:with-param name="in-link" tunnel="yes" select="true()"/>
            </xsl:apply-templates>
          </a>
          <xsl:call-template name="e:refs-after-link"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates/>
        </xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

  <xsl:template match="sp/p">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="('par', 'sp-p')"/>
      </xsl:call-template>
      <xsl:call-template name="e:anchor"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="opener | closer | postscript">
    <div>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="local-name()"/>
      </xsl:call-template>
      <xsl:call-template name="e:anchor"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="salute | signed | closer/date | opener/date | closer/placeName | opener/placeName">
    <p>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="lower-case(local-name())"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- Inline things. -->
  <xsl:template match="hi">
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="if (empty(e:rend-classes(@rend))) then 'hi' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="emph[not(@resp)] | foreign | term | mentioned | soCalled | distinct">
    <xsl:element name="{if (self::emph) then 'em' else 'span'}">
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="lower-case(local-name())"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="title[ancestor::text]">
    <cite>
      <xsl:call-template name="e:attributes"/>
      <xsl:apply-templates/>
    </cite>
  </xsl:template>

  <xsl:template match="lb">
    <br/>
  </xsl:template>

  <xsl:template match="roleName | idno | num | measure | seg | w | c | address | addrLine | bibl | s | phr | affiliation | orig | reg | abbr | expan">
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="lower-case(local-name()) ! replace(., 'rolename', 'role-name')"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="date | time">
    <xsl:variable name="when" select="(@when, @from)[1]"/>
    <xsl:element name="{if (matches(string($when), '^\d{4}(-\d{2}(-\d{2})?)?$')) then 'time' else 'span'}">
      <xsl:if test="matches(string($when), '^\d{4}(-\d{2}(-\d{2})?)?$')">
        <xsl:attribute name="datetime" select="$when"/>
      </xsl:if>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'date'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Anything else keeps its text; a message says where a rendering is missing. -->
  <xsl:template match="text//*" priority="-1">
    <xsl:message select="'no HTML rendering for &lt;' || local-name() || '&gt; at ' || e:where(.) || ' of ' || $source-path || '; its text is shown plain'"/>
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="'tei-' || lower-case(local-name())"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Elements that are rendered elsewhere or carry nothing to read. -->
  <xsl:template match="text//interp | text//interpGrp | text//span[@from] | text//link | text//linkGrp | text//anchor[not(@xml:id)]"/>

  <xsl:template match="anchor[@xml:id]">
    <span id="{e:safe-id(@xml:id)}" class="anchor-point"></span>
  </xsl:template>

</xsl:stylesheet>
