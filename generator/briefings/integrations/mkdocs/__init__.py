"""integrations/mkdocs"""
