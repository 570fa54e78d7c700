"""One module per language, each holding that language's LanguageUnit (language/unit.py);
registry.py registers them."""
