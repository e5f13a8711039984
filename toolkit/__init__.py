"""TEI edition toolkit: validate, publish and exchange TEI P5 documentary editions."""

__version__ = "0.1.0"
