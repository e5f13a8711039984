<?xml version="1.0" encoding="UTF-8"?>
<!--
  Editorial markup made visible and explained.  Signs are real text in
  <span class="sign"> (so they can be read and copied); what a sign means is
  said in a <span class="tip">, shown on hover and keyboard focus and read by
  screen readers.  The reading view (class view-reading on the text, set by
  the switch) hides signs and source readings and shows corrections: see the
  stylesheet edition.css.

    gap         […]            with its reason and who omitted
    emph/@resp  distinct       "emphasis added by …"
    choice      source reading, correction on hover/focus and as a textual note
    add         ⸢text⸣          added in the source
    del         ⟦text⟧          deleted in the source
    unclear     text(?)        unclear reading
    supplied    [text]         supplied by the editors
    pb          |469           page of the print source, number in the margin
    fw          printed page number, in the margin
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A marked passage: its content, and the tip that explains it. -->
  <xsl:template name="e:mark">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="class" as="xs:string+"/>
    <xsl:param name="tip" as="xs:string"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="element" as="xs:string" select="'span'"/>
    <xsl:element name="{$element}">
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="('mark', $class)"/>
      </xsl:call-template>
      <xsl:if test="not($in-link)">
        <xsl:attribute name="tabindex" select="0"/>
      </xsl:if>
      <xsl:sequence select="$content"/>
      <span class="tip" data-pagefind-ignore="all"> ({$tip})</span>
    </xsl:element>
  </xsl:template>

  <xsl:template name="e:sign">
    <xsl:param name="sign" as="xs:string"/>
    <span class="sign" aria-hidden="true">{$sign}</span>
  </xsl:template>

  <xsl:template match="gap">
    <xsl:variable name="reason" select="e:value-label('reason', (@reason, 'omitted')[1])"/>
    <xsl:call-template name="e:mark">
      <xsl:with-param name="class" select="'gap'"/>
      <xsl:with-param name="tip" select="if (@resp) then e:label('mark.gap-by', e:resp-name(@resp))
                                         else e:label('mark.gap-reason', $reason)"/>
      <xsl:with-param name="content" as="node()*">[…]</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="emph[@resp]">
    <xsl:call-template name="e:mark">
      <xsl:with-param name="element" select="'em'"/>
      <xsl:with-param name="class" select="('emph-added', 'rend-italic'[not(current()/@rend)])"/>
      <xsl:with-param name="tip" select="e:label('mark.emph', e:resp-name(@resp))"/>
      <xsl:with-param name="content" as="node()*"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- sic/corr, orig/reg, abbr/expan: the source's form is shown, the editors' on hover,
       in the reading view and (for corrections) as a lettered textual note.  The search
       indexes the editors' form only: both forms, with nothing between them, would be
       read as one word. -->
  <xsl:template match="choice[(sic | orig | abbr) and (corr | reg | expan)]">
    <xsl:variable name="source" select="(sic, orig, abbr)[1]"/>
    <xsl:variable name="edited" select="(corr, reg, expan)[1]"/>
    <xsl:call-template name="e:mark">
      <xsl:with-param name="class" select="('choice', 'choice-' || local-name($source))"/>
      <xsl:with-param name="tip" select="e:choice-text($source, $edited)"/>
      <xsl:with-param name="content" as="node()*">
        <span class="choice-source" data-pagefind-ignore="all"><xsl:apply-templates select="$source/node()"/></span>
        <span class="choice-edited"><xsl:apply-templates select="$edited/node()"/></span>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="sic and corr">
      <xsl:call-template name="e:app-ref"/>
    </xsl:if>
  </xsl:template>

  <!-- What a choice says, in words ("“recieved” in the source, corrected to “received” by …"). -->
  <xsl:function name="e:choice-text" as="xs:string">
    <xsl:param name="source" as="element()"/>
    <xsl:param name="edited" as="element()"/>
    <xsl:variable name="from" select="normalize-space($source)"/>
    <xsl:variable name="to" select="normalize-space($edited)"/>
    <xsl:sequence select="
        if ($source/self::orig) then e:label('mark.reg', $to)
        else if ($source/self::abbr) then e:label('mark.expan', $to)
        else if ($edited/@resp) then e:label('mark.sic-note-by', ($from, $to, e:resp-name($edited/@resp)))
        else e:label('mark.sic-note', ($from, $to))"/>
  </xsl:function>

  <xsl:template match="sic[not(parent::choice)]">
    <xsl:call-template name="e:mark">
      <xsl:with-param name="class" select="'sic'"/>
      <xsl:with-param name="tip" select="e:label('mark.sic')"/>
      <xsl:with-param name="content" as="node()*">
        <xsl:apply-templates/><xsl:call-template name="e:sign"><xsl:with-param name="sign" select="' [sic]'"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="corr[not(parent::choice)]">
    <xsl:call-template name="e:mark">
      <xsl:with-param name="class" select="'corr'"/>
      <xsl:with-param name="tip" select="e:label('mark.corr', normalize-space(.))"/>
      <xsl:with-param name="content" as="node()*"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="add">
    <xsl:call-template name="e:mark">
      <xsl:with-param name="class" select="'add'"/>
      <xsl:with-param name="tip" select="if (@place and e:has-label('place.' || @place))
                                         then e:label('mark.add-place', e:label('place.' || @place))
                                         else e:label('mark.add')"/>
      <xsl:with-param name="content" as="node()*">
        <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="'⸢'"/></xsl:call-template>
        <span class="add-text"><xsl:apply-templates/></span>
        <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="'⸣'"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="del">
    <xsl:call-template name="e:mark">
      <xsl:with-param name="element" select="'del'"/>
      <xsl:with-param name="class" select="'del'"/>
      <xsl:with-param name="tip" select="e:label('mark.del')"/>
      <xsl:with-param name="content" as="node()*">
        <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="'⟦'"/></xsl:call-template>
        <span class="del-text"><xsl:apply-templates/></span>
        <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="'⟧'"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="unclear">
    <xsl:call-template name="e:mark">
      <xsl:with-param name="class" select="'unclear'"/>
      <xsl:with-param name="tip" select="string-join((e:label('mark.unclear'), @reason ! e:value-label('reason', .)), ': ')"/>
      <xsl:with-param name="content" as="node()*">
        <xsl:apply-templates/>
        <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="'(?)'"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="supplied">
    <xsl:call-template name="e:mark">
      <xsl:with-param name="class" select="'supplied'"/>
      <xsl:with-param name="tip" select="if (@resp) then e:label('mark.supplied-by', e:resp-name(@resp)) else e:label('mark.supplied')"/>
      <xsl:with-param name="content" as="node()*">
        <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="'['"/></xsl:call-template>
        <xsl:apply-templates/>
        <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="']'"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A page of the print source begins: a bar in the line, the number in the margin. -->
  <xsl:template match="pb">
    <xsl:variable name="source" select="e:entry(@edRef)"/>
    <span class="pb" data-pagefind-ignore="all">
      <xsl:if test="@xml:id">
        <xsl:attribute name="id" select="e:safe-id(@xml:id)"/>
      </xsl:if>
      <xsl:call-template name="e:sign"><xsl:with-param name="sign" select="'|'"/></xsl:call-template>
      <xsl:if test="@n">
        <span class="margin-note pb-n" aria-hidden="true">{@n}</span>
        <span class="visually-hidden">({if ($source) then e:label('mark.pb-source', (@n, $source/@name)) else e:label('mark.pb', @n)})</span>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- Forme work: the printed page number stands in the margin. -->
  <xsl:template match="fw">
    <span>
      <xsl:call-template name="e:attributes">
        <xsl:with-param name="class" select="('fw', @type ! ('fw-' || e:safe-id(.)))"/>
      </xsl:call-template>
      <span class="margin-note fw-n" title="{e:label('mark.fw', normalize-space(.))}"><xsl:apply-templates/></span>
    </span>
  </xsl:template>

</xsl:stylesheet>
