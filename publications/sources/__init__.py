"""Clients of outside scholarly services (OpenAlex, Semantic Scholar, Crossref), sharing
one HTTP layer (:mod:`.http`): timeouts, retries, rate limits, a day's cache, and
failures as one clear line."""
