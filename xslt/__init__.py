"""The toolkit's XSLT 3.0 stylesheets, shipped as package data (``toolkit.stylesheets``)."""
