"""The open data API: what edquality publishes, as versioned, documented JSON."""
