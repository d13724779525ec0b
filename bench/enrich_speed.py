"""Print the enrichment speed on the corpus, in articles per second: .venv/bin/python bench/enrich_speed.py [corpus]."""

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefings.enrich import enrich  # noqa: E402
from briefings.extract.gazetteer import load_gazetteer  # noqa: E402
from briefings.model import Settings  # noqa: E402
from briefings.parse import parse_articles, parse_taxonomy  # noqa: E402
from briefings.sources import read_inputs  # noqa: E402


def main(corpus: Path, rounds: int = 5) -> None:
    """Print articles per second for enrich() over the corpus (best of `rounds`), and for 4x the corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(corpus.glob("*.txt")):
            shutil.copy(path, Path(tmp) / path.name)
        settings = Settings(seeds_dir=Path(tmp), taxonomy_file=ROOT / "seeds" / "taxonomy.yml", timezone="America/New_York")
        inputs, _ = read_inputs(settings)
        articles, _ = parse_articles(inputs.seeds)
    topics, _ = parse_taxonomy(inputs.taxonomy)
    gazetteer, _ = load_gazetteer()
    for factor in (1, 4):
        batch = articles * factor
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            enrich(batch, settings, gazetteer, topics)
            best = min(best, time.perf_counter() - start)
        print(f"{len(batch)} articles: {best:.3f} s, {len(batch) / best:,.0f} articles/second")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus")
