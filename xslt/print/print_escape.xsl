<?xml version="1.0" encoding="UTF-8"?>
<!--
  The one way text of the sources reaches the Typst source.

  Typst markup gives meaning to ASCII punctuation (# starts code, $ math,
  * strong, _ emphasis, ` raw, < > labels, @ references, [ ] content, ~ a
  no-break space, / term lists and comments, " ' smart quotes, = headings,
  - + lists and dashes, . enumerations and ellipses, \ escapes and breaks, a
  colon after a URL scheme makes a link).  Rather than track which of them
  matter where, pr:text puts a backslash before EVERY ASCII character that is
  neither a letter, a digit nor a space: Typst reads a backslash followed by
  any character as that character, so every character of the sources prints
  as itself and none can open markup or code.  Whitespace runs (newlines
  included) become one space, so no text can start a line of the Typst source
  or end a paragraph.  Bidi embedding and override controls (U+202A-U+202E)
  are dropped, as from the HTML pages: in a name they would reverse the text
  that follows them (spoofing); direction is markup's job.
-->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:pr="urn:x-edition-toolkit:print"
                exclude-result-prefixes="#all">

  <!-- Text of the sources as Typst markup: printed exactly as written. -->
  <xsl:function name="pr:text" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="replace(replace(translate(string($text), '&#x202A;&#x202B;&#x202C;&#x202D;&#x202E;', ''),
                                          '\s+', ' '),
                                  '([!-/:-@\[-`\{-~])', '\\$1')"/>
  </xsl:function>

  <!-- A key (an entry id) as a Typst string literal: ids are NCNames, and any
       character outside letters, digits, '.', '-' and '_' is dropped so that a
       broken pointer can never leave the string. -->
  <xsl:function name="pr:key" as="xs:string">
    <xsl:param name="key" as="xs:string?"/>
    <xsl:sequence select="'&quot;' || replace(string($key), '[^\p{L}\p{N}._\-]', '') || '&quot;'"/>
  </xsl:function>

  <!-- A content block: escaped markup between brackets. -->
  <xsl:function name="pr:content" as="xs:string">
    <xsl:param name="markup" as="xs:string?"/>
    <xsl:sequence select="'[' || $markup || ']'"/>
  </xsl:function>

</xsl:stylesheet>
