<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notes.  Editorial notes become accessible footnotes (a numbered reference in
  the text, the note in a list after it, links both ways, DPUB-ARIA roles);
  notes placed inline (transmission notes) stay in the text; corrections get
  lettered textual notes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Is a note a footnote (rather than a note that stands in the line)? -->
  <xsl:function name="e:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="not($note/@place = ('inline', 'inspace')) and not($note/@type = 'transmission')
                          and exists($note/ancestor::text)"/>
  </xsl:function>

  <xsl:function name="e:note-number" as="xs:integer">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="count($note/preceding::note[ancestor::text][e:is-footnote(.)]) + 1"/>
  </xsl:function>

  <xsl:function name="e:note-id" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="if ($note/@xml:id) then e:safe-id($note/@xml:id)
                          else 'fn-' || e:note-number($note)"/>
  </xsl:function>

  <!-- The corrections that get textual notes: in the text, then in the source note, as the page shows them. -->
  <xsl:function name="e:apparatus" as="element(choice)*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="($root//text//choice, $root//notesStmt/note[@type = 'source']//choice)[sic and corr]"/>
  </xsl:function>

  <xsl:function name="e:app-letter" as="xs:string">
    <xsl:param name="choice" as="element(choice)"/>
    <xsl:variable name="all" select="e:apparatus(root($choice))"/>
    <xsl:variable name="n" select="(for $i in 1 to count($all) return $i[$all[$i] is $choice])[1]"/>
    <xsl:number value="$n" format="a"/>
  </xsl:function>

  <xsl:template match="note[e:is-footnote(.)]">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="not($in-link)">
      <xsl:call-template name="e:note-ref"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="e:note-ref">
    <xsl:variable name="n" select="e:note-number(.)"/>
    <a class="note-ref" id="{e:note-id(.)}-ref" href="#{e:note-id(.)}" role="doc-noteref"
       aria-label="{e:label('doc.note-ref', string($n))}" data-pagefind-ignore="all">{$n}</a>
  </xsl:template>

  <!-- A note that stands in the text: a block between paragraphs, a span inside one. -->
  <xsl:template match="note">
    <xsl:element name="{if (parent::p | parent::seg | parent::hi | parent::item | ancestor::p) then 'span' else 'div'}">
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="('note-inline', @type ! ('note-' || e:safe-id(.)))"/>
      </xsl:call-template>
      <xsl:call-template name="e:anchor"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="e:app-ref">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="letter" select="e:app-letter(.)"/>
    <xsl:if test="not($in-link)">
    <a class="note-ref app-ref" id="app-{$letter}-ref" href="#app-{$letter}" role="doc-noteref"
       aria-label="{e:label('doc.app-ref', $letter)}" data-pagefind-ignore="all">{$letter}</a>
    </xsl:if>
  </xsl:template>

  <!-- The footnotes of a text, after it. -->
  <xsl:template name="e:footnotes">
    <xsl:param name="root" as="node()" select="/"/>
    <xsl:variable name="notes" select="$root//text//note[e:is-footnote(.)]"/>
    <xsl:if test="$notes">
      <section class="footnotes" role="doc-endnotes" aria-labelledby="notes-heading">
        <h2 id="notes-heading">{e:label('doc.notes')}</h2>
        <ol>
          <xsl:for-each select="$notes">
            <li id="{e:note-id(.)}" class="footnote">
              <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
              <span class="footnote-n" aria-hidden="true">{e:note-number(.)}</span>
              <div class="footnote-body">
                <xsl:apply-templates/>
                <xsl:if test="@resp">
                  <span class="note-resp"> ({e:resp-name(@resp)})</span>
                </xsl:if>
                <xsl:text> </xsl:text>
                <a class="backlink" href="#{e:note-id(.)}-ref" role="doc-backlink"
                   aria-label="{e:label('doc.back-to-text')} ({e:label('doc.note-ref', string(e:note-number(.)))})">↩</a>
              </div>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
    <xsl:variable name="app" select="e:apparatus($root)"/>
    <xsl:if test="$app">
      <section class="footnotes apparatus" aria-labelledby="app-heading">
        <h2 id="app-heading">{e:label('doc.textual-notes')}</h2>
        <ol>
          <xsl:for-each select="$app">
            <xsl:variable name="letter" select="e:app-letter(.)"/>
            <li id="app-{$letter}" class="footnote">
              <span class="footnote-n" aria-hidden="true">{$letter}</span>
              <div class="footnote-body">
                <xsl:value-of select="e:choice-text(sic, corr)"/>
                <xsl:text>. </xsl:text>
                <a class="backlink" href="#app-{$letter}-ref" role="doc-backlink"
                   aria-label="{e:label('doc.back-to-text')} ({$letter})">↩</a>
              </div>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
