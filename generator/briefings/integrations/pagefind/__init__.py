"""integrations/pagefind"""
