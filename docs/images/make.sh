#!/usr/bin/env bash
# Regenerate the pictures in docs/images/ (run from anywhere; needs Graphviz).
#
#   bash docs/images/make.sh
#
# The page screenshot needs Playwright and Chromium too; without them it is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/images
render() { python3 -m planner render "$@" --force; }

# One plan per strategy, for the strategy pages (docs/strategies/).
for strategy in top-down bottom-up sandwich big-bang; do
    render graphs/textbook.dot -s "$strategy" -o "$out/textbook-$strategy.svg"
done
for strategy in bottom-up top-down sandwich; do
    render graphs/shop.dot -s "$strategy" -o "$out/shop-$strategy.svg"
done
render graphs/shop.dot -s bottom-up -o "$out/shop-bottom-up.png"

# docs/rendering.md: graph pictures, a step, collapsing, Mermaid, the HTML page.
render graphs/shop.dot -o "$out/shop-graph.svg"
render graphs/classes.dot -o "$out/classes-graph.svg"
render graphs/shop.dot -s top-down --step 3 -o "$out/shop-top-down-step-3.svg"
render graphs/classes.dot -s bottom-up --step 4 -o "$out/classes-bottom-up-step-4.svg"
render graphs/classes.dot -s bottom-up --cycles cluster -o "$out/classes-cluster.svg"
render tests/assets/render/packages.json --max-nodes 0 -o "$out/packages.svg"
render tests/assets/render/packages.json -o "$out/packages-collapsed.svg"
# A real flat package (rich 13.9.4, from PyPI's sdist, cached in .cache/sdists): before and after.
python3 -c "from tests import sdists; sdists.unpacked('rich', '13.9.4')"
rich=.cache/sdists/rich-13.9.4/rich
render "$rich" -o "$out/rich-collapsed.svg"
render "$rich" -s bottom-up -o "$out/rich-bottom-up-collapsed.svg"
render tests/assets/render/packages.json --depth 2 -o "$out/packages-depth-2.svg"
render tests/assets/render/packages.json --depth 1 -o "$out/packages-depth-1.svg"
render graphs/textbook.dot -s bottom-up --step 3 -o "$out/textbook-bottom-up-step-3.mmd"
render graphs/shop.dot -s bottom-up -o "$out/shop-bottom-up.html"
# docs/audit.md: the audit section of the webshop's page, from the audits kept for the tests.
(cd tests/assets/audit && python3 -m planner render webshop-plan.json --audit webshop-mutants.json \
    --audit webshop-interfaces.json --audit webshop-history.json -o ../../../$out/webshop-audit.html --force)
if python3 -c "import playwright" 2>/dev/null && command -v chromium >/dev/null; then
    python3 "$out/screenshot.py" "$out/shop-bottom-up.html" 4 "$out/shop-bottom-up-page.png"
    python3 "$out/screenshot.py" "$out/webshop-audit.html" 4 "$out/webshop-audit-section.png" "#audit-1"
else
    echo "make.sh: no Playwright or Chromium: kept the old $out/shop-bottom-up-page.png" >&2
fi
rm "$out/shop-bottom-up.html" "$out/webshop-audit.html"
