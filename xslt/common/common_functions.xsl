<?xml version="1.0" encoding="UTF-8"?>
<!--
  Pointers, safe URLs and ids, @rend classes: the rules that keep what comes
  from the TEI from ever being executed or from escaping its place.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    exclude-result-prefixes="#all">

  <!-- The @rend values a format may turn into a class (rend-italic, ...);
       any other value is dropped, and @rend/@style never become style. -->
  <xsl:variable name="e:rend-values" as="xs:string*"
      select="('italic', 'bold', 'underline', 'spaced', 'smallcaps', 'superscript', 'subscript',
               'strikethrough', 'uppercase', 'center', 'right', 'indent', 'large', 'small')"/>

  <!-- The classes for an element's @rend tokens, from the fixed list. -->
  <xsl:function name="e:rend-classes" as="xs:string*">
    <xsl:param name="rend" as="xs:string?"/>
    <xsl:sequence select="for $token in tokenize(lower-case(string($rend)))[. = $e:rend-values]
                          return 'rend-' || $token"/>
  </xsl:function>

  <!-- A link target only if it is harmless: http(s), mailto, or relative.
       Control characters and spaces are removed first, as browsers do before
       they read the scheme ("java&#9;script:" is javascript:). -->
  <xsl:function name="e:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="clean" select="replace(string($url), '[\s\p{Cc}]', '')"/>
    <xsl:sequence select="
        if ($clean = '') then ()
        else if (matches($clean, '^(https?|mailto):', 'i')) then $clean
        else if (matches($clean, '^[^/?#]*:')) then ()
        else $clean"/>
  </xsl:function>

  <!-- An id fit for an HTML id, a fragment or a file name: letters, digits, _ . -
       (no slashes, no spaces, no leading dot). -->
  <xsl:function name="e:safe-id" as="xs:string">
    <xsl:param name="id" as="xs:string?"/>
    <xsl:sequence select="replace(replace(normalize-space($id), '[^\p{L}\p{N}_.\-]', '_'), '^\.+', '_')"/>
  </xsl:function>

  <!-- The fragment of a pointer (after #), or ''. -->
  <xsl:function name="e:fragment" as="xs:string">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="if (contains(string($pointer), '#')) then substring-after($pointer, '#') else ''"/>
  </xsl:function>

  <!-- Is a pointer token an absolute URI (https:, mailto:, javascript: ...)? -->
  <xsl:function name="e:is-absolute" as="xs:boolean">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="matches(replace(string($pointer), '[\s\p{Cc}]', ''), '^([A-Za-z][A-Za-z0-9+.\-]*:|//)')"/>
  </xsl:function>

  <!-- The edition file a local pointer leads to, relative to the edition root
       (as toolkit.corpus.resolve_token does): '#x' stays in $from. -->
  <xsl:function name="e:pointer-file" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="from" as="xs:string"/>
    <xsl:variable name="path" select="substring-before($pointer || '#', '#')"/>
    <xsl:sequence select="
        if ($path = '') then $from
        else substring-after(string(resolve-uri($path, 'file:///' || $from)), 'file:///')"/>
  </xsl:function>

  <!-- The first token of a space-separated pointer attribute. -->
  <xsl:function name="e:first-token" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="string(tokenize(normalize-space($value))[1])"/>
  </xsl:function>

  <!-- Upper-case the first letter. -->
  <xsl:function name="e:capitalize" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="upper-case(substring(string($text), 1, 1)) || substring(string($text), 2)"/>
  </xsl:function>

  <!-- Where a node stands in its source, for messages: "line N" (from the line stamp the
       builder adds), else its path. -->
  <xsl:function name="e:where" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="line" select="$node/ancestor-or-self::*[@*[local-name() = 'l' and namespace-uri() = 'urn:x-edition-toolkit:line']][1]/@*[local-name() = 'l']"/>
    <xsl:sequence select="if ($line) then 'line ' || $line[1] else path($node)"/>
  </xsl:function>

</xsl:stylesheet>
