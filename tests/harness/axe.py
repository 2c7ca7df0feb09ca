"""axe-core, injected from node_modules into a page opened by Playwright."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Our CSP forbids injected scripts; only the axe run's browser context bypasses it.
ACCESSIBILITY_CONTEXT = {"bypass_csp": True}


def run_axe(page, options=None):
    """Run axe on the loaded page and return its violations (a list of axe result dicts).

    The page's context must be created with ``bypass_csp=True`` (ACCESSIBILITY_CONTEXT).
    """
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async (options) => (await axe.run(document, options || {})).violations", options
    )


def format_violations(violations):
    """One paragraph per violated rule: id, impact, help and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} node(s)] {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"  - {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"    {node['html'][:200]}")
    return "\n".join(lines)
