"""Helpers the tests share: project copies and settings (project), the browser and a local server (browser),
and the readers' site (readers)."""
