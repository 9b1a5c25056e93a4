#!/usr/bin/env python3
"""Judge UBL 2.1 invoices and credit notes with CEN's EN 16931 validation stylesheet.

Usage: en16931_validate.py STYLESHEET FILE...

STYLESHEET is CEN's `EN16931-UBL-validation.xslt` (XSLT 2.0, so it needs Saxon: the PyPI package
`saxonche`). It is compiled once and then run on every FILE. The result is one JSON object on
standard output:

    {"stylesheet": "...", "files": [{"file": "...", "fatal": [...], "warning": [...]}, ...]}

where each finding is {"id": "BR-CO-10", "location": "/*:Invoice[...]", "test": "...", "text": "..."}:
every `svrl:failed-assert` (and `svrl:successful-report`) of the report, split by its `flag`
(a finding without a flag counts as fatal, so nothing unflagged is missed).

Exit status: 0 when no file has a fatal finding, 1 when one has, 2 when the judge could not run
(saxonche missing, stylesheet or file unreadable); the reason is then on standard error.
"""

import json
import os
import sys
import xml.etree.ElementTree as ElementTree

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def findings(svrl_text):
    """The failed asserts and successful reports of one SVRL report, as (flag, finding) pairs."""
    root = ElementTree.fromstring(svrl_text)
    for element in root.iter():
        if element.tag not in (SVRL + "failed-assert", SVRL + "successful-report"):
            continue
        text = element.find(SVRL + "text")
        yield (element.get("flag") or "fatal"), {
            "id": element.get("id", ""),
            "location": element.get("location", ""),
            "test": element.get("test", ""),
            "text": " ".join((text.text or "").split()) if text is not None else "",
        }


def main(arguments):
    if len(arguments) < 2:
        print("usage: en16931_validate.py STYLESHEET FILE...", file=sys.stderr)
        return 2
    stylesheet, files = arguments[0], arguments[1:]
    try:
        from saxonche import PySaxonProcessor
    except ImportError:
        print("saxonche is not installed for " + sys.executable
              + ": install it with `" + sys.executable + " -m pip install saxonche`", file=sys.stderr)
        return 2
    if not os.path.isfile(stylesheet):
        print("no stylesheet at " + stylesheet, file=sys.stderr)
        return 2

    report = {"stylesheet": stylesheet, "files": []}
    any_fatal = False
    with PySaxonProcessor(license=False) as processor:
        compiler = processor.new_xslt30_processor()
        try:
            executable = compiler.compile_stylesheet(stylesheet_file=os.path.abspath(stylesheet))
        except Exception as error:  # saxonche raises PySaxonApiError with the compiler's message
            print("cannot compile " + stylesheet + ": " + str(error), file=sys.stderr)
            return 2
        for path in files:
            entry = {"file": path, "fatal": [], "warning": []}
            try:
                svrl = executable.transform_to_string(source_file=os.path.abspath(path))
            except Exception as error:  # a file Saxon cannot parse is a fatal finding of that file
                svrl = None
                entry["fatal"].append({"id": "XML", "location": "", "test": "", "text": str(error)})
            if svrl is not None:
                for flag, finding in findings(svrl):
                    entry["fatal" if flag == "fatal" else "warning"].append(finding)
            any_fatal = any_fatal or bool(entry["fatal"])
            report["files"].append(entry)

    json.dump(report, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 1 if any_fatal else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
