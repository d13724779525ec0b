"""Print the enrichment speed on the corpus, in articles per second: .venv/bin/python bench/enrich_speed.py [corpus]."""

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefings.build import read_seed  # noqa: E402
from briefings.extract.gazetteer import load_gazetteer  # noqa: E402
from briefings.extract.topics import vocabulary_of  # noqa: E402
from briefings.parse import parse_vocabulary  # noqa: E402
from briefings.settings import settings_from  # noqa: E402
from briefings.sources import read_inputs  # noqa: E402


def main(corpus: Path, rounds: int = 5) -> None:
    """Print articles per second for parse and enrich (the build's read_seed) over the corpus (best of
    `rounds`), and for 4x the corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(corpus.glob("*.txt")):
            shutil.copy(path, Path(tmp) / path.name)
        options = {
            "seeds": tmp,
            "taxonomy": str(ROOT / "seeds" / "taxonomy.yml"),
            "timezone": "America/New_York",
            "cache": False,
            "jobs": 1,
        }
        settings = settings_from(options, config_dir=ROOT)
        inputs, _ = read_inputs(settings)
    topics, _ = parse_vocabulary(inputs.taxonomy)
    gazetteer, _ = load_gazetteer((), settings.taxonomies)
    vocabulary = vocabulary_of(topics)
    for factor in (1, 4):
        batch = list(inputs.seeds) * factor
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for seed in batch:
                read_seed(seed, settings, gazetteer, vocabulary)
            best = min(best, time.perf_counter() - start)
        print(f"{len(batch)} articles: {best:.3f} s, {len(batch) / best:,.0f} articles/second")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus")
