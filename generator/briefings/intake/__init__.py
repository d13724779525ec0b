"""`briefings add`: articles as they come (saved web pages, PDFs, feeds, links, text) turned into seeds.

Nothing here runs at build time: `briefings build` reads only the seeds this writes."""
