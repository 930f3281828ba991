from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corpus_import import pipeline, sentence_model
from corpus_import.scoring import gold_files, is_recursive, overlap_matches, samples

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]


class Command(BaseCommand):
    help = (
        "Train the learned sentence scorer on the seed and dev gold (never a frozen round), "
        "report article-level cross-validation, pick its threshold on the dev sample's "
        "out-of-fold scores (best F-beta at a precision floor), and write the model the "
        "`learned` scorer loads."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--folds", type=int, default=5, help="Article-level CV folds.")
        parser.add_argument(
            "--output", default=str(sentence_model.MODEL_PATH), help="Where to write the model."
        )
        parser.add_argument("--no-save", action="store_true", help="Report cross-validation only.")
        parser.add_argument(
            "--beta",
            type=float,
            default=2.0,
            help=(
                "The threshold maximizes F-beta on dev: 2 (default) weighs recall twice, since "
                "a curator rejects a wrong item with one key but finds a missed one only by "
                "reading the whole article."
            ),
        )
        parser.add_argument(
            "--min-precision",
            type=float,
            default=0.8,
            help=(
                "Only thresholds whose dev out-of-fold precision reaches this are considered "
                "(default 0.8): by F2 alone the threshold fell to 0.05, keeping nearly every "
                "candidate."
            ),
        )

    def handle(
        self,
        *args,
        folds: int,
        output: str,
        no_save: bool,
        beta: float,
        min_precision: float,
        **options,
    ) -> None:
        from sklearn.model_selection import GroupKFold

        pipeline.use_scorer("rules")
        rows, texts, labels, groups, sample_of = [], [], [], [], []
        gold_items: dict[str, int] = {}
        for name, folder in samples(FIXTURES / "gold", ["seed", "dev"]):
            for entry in gold_files(folder, FIXTURES / "articles", recursive=is_recursive(name)):
                article = f"{name}/{entry.path.relative_to(folder).parent}/{entry.gold['article']}"
                gold_items[article] = len(entry.gold["items"])
                doc = pipeline.process_file(entry.article)
                if not doc.reports_meeting:
                    continue
                golds = [item["sentence"] for item in entry.gold["items"]]
                for candidate in sentence_model.candidates(doc):
                    text = doc.span_text(candidate.span)
                    rows.append(sentence_model.features(doc, candidate, doc.sentence_meetings))
                    texts.append(text)
                    labels.append(int(any(overlap_matches(text, g) for g in golds)))
                    groups.append(article)
                    sample_of.append(name)
        if len(set(groups)) < folds or sum(labels) == 0:
            raise CommandError("Not enough gold articles with items to cross-validate.")
        out_of_fold = [0.0] * len(rows)
        for train, test in GroupKFold(n_splits=folds).split(rows, labels, groups):
            model = sentence_model.SentenceScorer().fit(
                [rows[i] for i in train], [texts[i] for i in train], [labels[i] for i in train]
            )
            scores = model.probabilities([rows[i] for i in test], [texts[i] for i in test])
            for i, score in zip(test, scores, strict=True):
                out_of_fold[i] = score
        rules = [int(row["rule_kept"]) for row in rows]
        self.stdout.write(
            f"{len(set(groups))} articles with a meeting found, {len(rows)} candidate "
            f"sentences, {sum(labels)} of them gold items; {folds}-fold article-level CV."
        )
        for name in ("seed", "dev", "all"):
            chosen = [i for i in range(len(rows)) if name == "all" or sample_of[i] == name]
            total = sum(v for k, v in gold_items.items() if name == "all" or k.startswith(name))
            self.stdout.write(f"== {name}: {total} gold items")
            self.stdout.write(
                "  " + _figures("rules", [rules[i] for i in chosen], chosen, labels, total)
            )
            for threshold in THRESHOLDS:
                kept = [int(out_of_fold[i] >= threshold) for i in chosen]
                line = _figures(f"learned >= {threshold:.2f}", kept, chosen, labels, total)
                if options["verbosity"] >= 2 or threshold in (0.3, 0.5, 0.7):
                    self.stdout.write("  " + line)
        dev = [i for i in range(len(rows)) if sample_of[i] == "dev"]
        threshold, floor_reached = sentence_model.pick_threshold(
            [out_of_fold[i] for i in dev],
            [labels[i] for i in dev],
            sum(v for k, v in gold_items.items() if k.startswith("dev")),
            THRESHOLDS,
            beta=beta,
            min_precision=min_precision,
        )
        how = (
            f"best F{beta:g} at precision >= {min_precision:g}"
            if floor_reached
            else f"no threshold reaches precision {min_precision:g}: the most precise"
        )
        self.stdout.write(f"Threshold picked on dev out-of-fold scores ({how}): {threshold}")
        for name in ("seed", "dev", "all"):
            chosen = [i for i in range(len(rows)) if name == "all" or sample_of[i] == name]
            total = sum(v for k, v in gold_items.items() if name == "all" or k.startswith(name))
            kept = [int(out_of_fold[i] >= threshold) for i in chosen]
            self.stdout.write(f"  {name}: " + _figures("learned CV", kept, chosen, labels, total))
        if no_save:
            return
        final = sentence_model.SentenceScorer(threshold).fit(rows, texts, labels)
        sentence_model.save(final, Path(output))
        self.stdout.write(f"Model written to {output} (threshold {threshold}).")


def _counts(kept: list[int], chosen: list[int], labels: list[int]) -> tuple[int, int]:
    true_positive = sum(1 for k, i in zip(kept, chosen, strict=True) if k and labels[i])
    return true_positive, sum(kept)


def _figures(label: str, kept: list[int], chosen: list[int], labels: list[int], total: int) -> str:
    true_positive, predicted = _counts(kept, chosen, labels)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / total if total else 0.0
    f1 = sentence_model.f_beta(precision, recall)
    return (
        f"{label:>18}: kept {predicted:>4}, right {true_positive:>4}, "
        f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
    )
