"""Every web page: the buddy pages and the export page, blueprints over one base template."""
