"""Turn a LabTracks snapshot script, portable or SQL Server flavoured, into SQLite statements.

Portable scripts (CREATE TABLE + INSERT with INTEGER, VARCHAR(n), TEXT, TIMESTAMP) pass through
unchanged. Scripts exported from SQL Server get the dialect removed: ``GO`` batch lines and
statements without semicolons, ``[bracketed]`` names, ``dbo.`` prefixes, ``N'...'`` literals,
``(MAX)`` lengths, ``DATETIME2``/``BIT``, ``IDENTITY``, ``CLUSTERED``, ``WITH (...)`` options,
``ON [PRIMARY]``, ``CAST('...' AS DATETIME)``, ``INSERT`` without ``INTO``, and the session,
transaction and constraint statements (``SET``, ``USE``, ``BEGIN``, ``ALTER ... CONSTRAINT``)
that a read-only copy does not need. Literals are never touched by the rewriting.
"""

from __future__ import annotations

import re

# A statement that starts on a new line at the top level begins with one of these; SQL Server
# scripts often end statements with a line break instead of a semicolon.
_STARTS = frozenset(
    {
        "ALTER", "BEGIN", "COMMIT", "CREATE", "DECLARE", "DELETE", "DENY", "DROP", "EXEC",
        "EXECUTE", "GRANT", "IF", "INSERT", "PRINT", "ROLLBACK", "SET", "TRUNCATE", "UPDATE",
        "USE",
    }
)  # fmt: skip
# Session options, transactions and procedural T-SQL: nothing a read-only copy needs.
_SKIPPED = frozenset(
    {"BEGIN", "COMMIT", "DECLARE", "DENY", "EXEC", "EXECUTE", "GRANT", "IF", "PRINT",
     "ROLLBACK", "SET", "USE"}
)  # fmt: skip

_TOKEN = re.compile(
    r"""
      (?P<string>[Nn]?'(?:[^']|'')*')
    | (?P<bracket>\[(?:[^\]]|\]\])*\])
    | (?P<quoted>"(?:[^"]|"")*")
    | (?P<comment>--[^\n]*|/\*.*?\*/)
    | (?P<newline>\n)
    | (?P<semicolon>;)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<unclosed>['"\[]|/\*)
    | (?P<plain>(?:[^'"\[\]();\n/\-Nn]|[Nn](?!'))+|.)
    """,
    re.VERBOSE | re.DOTALL,
)
# What a line may start with, checked at the top level only.
_GO_LINE = re.compile(r"[ \t]*GO[ \t]*(?:\d+[ \t]*)?;?[ \t]*(?:--[^\n]*)?(?=\n|\Z)", re.I)
_FIRST_WORD = re.compile(r"[ \t]*([A-Za-z]+)\b")
_PROTECTED = re.compile(r"\x00(\d+)\x00")
# Bracketed names the rewrites must see: the schema, the filegroup and the type names that
# SQL Server scripts bracket too ("[nvarchar](max)"). None is an SQLite keyword but PRIMARY,
# which only ever appears bracketed as the filegroup.
_BARE_NAMES = frozenset(
    {
        "DBO", "PRIMARY", "BIGINT", "BINARY", "BIT", "CHAR", "DATE", "DATETIME", "DATETIME2",
        "DATETIMEOFFSET", "DECIMAL", "FLOAT", "INT", "MONEY", "NCHAR", "NTEXT", "NUMERIC",
        "NVARCHAR", "REAL", "SMALLDATETIME", "SMALLINT", "SMALLMONEY", "TEXT", "TIME",
        "TINYINT", "UNIQUEIDENTIFIER", "VARBINARY", "VARCHAR", "XML",
    }
)  # fmt: skip
_DATE_TYPE = r"(?:SMALLDATETIME|DATETIME2|DATETIMEOFFSET|DATETIME|DATE)(?:\s*\(\s*\d+\s*\))?"

# (trigger, pattern, replacement), applied in order to a statement whose literals and quoted
# names are placeholders. A rewrite only runs when its trigger word occurs: most statements of
# a large snapshot are plain INSERTs, and a substring test costs far less than a regex pass.
_REWRITES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (trigger, re.compile(pattern, re.IGNORECASE), replacement)
    for trigger, pattern, replacement in (
        ("INSERT", r"\bINSERT\s+(?!INTO\b|OR\b)", "INSERT INTO "),
        ("DROP", r"\bDROP\s+TABLE\s+(?!IF\b)", "DROP TABLE IF EXISTS "),
        ("DBO", r"\bdbo\s*\.\s*", ""),
        ("CAST", r"\bCAST\s*\(\s*(\x00\d+\x00)\s+AS\s+" + _DATE_TYPE + r"\s*\)", r"\1"),
        ("MAX", r"\b(N?VARCHAR|N?CHAR)\s*\(\s*MAX\s*\)", r"\1"),
        ("MAX", r"\bVARBINARY\s*\(\s*MAX\s*\)", "BLOB"),
        ("DATETIME", r"\b(?:DATETIME2|DATETIMEOFFSET)\b(?:\s*\(\s*\d+\s*\))?", "TIMESTAMP"),
        ("BIT", r"\bBIT\b", "INTEGER"),
        ("IDENTITY", r"\bIDENTITY\s*\(\s*-?\d+\s*,\s*-?\d+\s*\)", ""),
        ("REPLICATION", r"\bNOT\s+FOR\s+REPLICATION\b", ""),
        ("CLUSTERED", r"\b(?:NON)?CLUSTERED\b", ""),
        ("WITH", r"\bWITH\s*\((?:[^()]|\([^()]*\))*\)", ""),
        ("TEXTIMAGE_ON", r"\bTEXTIMAGE_ON\s+PRIMARY\b", ""),
        ("PRIMARY", r"\bON\s+PRIMARY\b(?!\s+KEY)", ""),
        ("COLLATE", r"\bCOLLATE\s+\w+", ""),
    )
)


class ScriptError(ValueError):
    """The script cannot be split into statements (e.g. an unterminated string)."""


class _Splitter:
    """Cuts a script into statements, tracking line numbers, nesting and literals."""

    def __init__(self, script: str) -> None:
        self.script = script
        self.statements: list[tuple[int, str, list[str]]] = []
        self.parts: list[str] = []
        # Literals and quoted names, replaced by placeholders so the rewrites cannot touch them.
        self.protected: list[str] = []
        self.start_line = 0
        self.line = 1

    def flush(self) -> None:
        text = "".join(self.parts).strip()
        if text:
            self.statements.append((self.start_line, text, self.protected))
        self.parts, self.protected, self.start_line = [], [], 0

    def add(self, text: str) -> None:
        if not self.parts and not text.strip():
            return
        if not self.start_line:
            self.start_line = self.line
        self.parts.append(text)

    def protect(self, text: str) -> None:
        self.add(f"\x00{len(self.protected)}\x00")
        self.protected.append(text)

    def name(self, text: str) -> None:
        if text.upper() in _BARE_NAMES:
            self.add(text)
        else:
            self.protect('"' + text.replace('"', '""') + '"')

    def run(self) -> list[tuple[int, str, list[str]]]:
        script, depth, position = self.script, 0, 0
        line_start = True
        while position < len(script):
            if line_start and depth == 0:
                line_start = False
                if go := _GO_LINE.match(script, position):
                    self.flush()
                    position = go.end()
                    continue
                if (word := _FIRST_WORD.match(script, position)) and self._starts(word[1]):
                    self.flush()
            match = _TOKEN.match(script, position)
            assert match is not None  # the last alternative matches any character
            kind, text, position = match.lastgroup, match.group(), match.end()
            if kind == "plain":
                self.add(text)
            elif kind == "newline":
                self.add("\n")
                self.line += 1
                line_start = True
            elif kind == "string":
                # N'...' is SQL Server's Unicode literal; every SQLite literal already is one.
                self.protect(text[1:] if text[0] in "Nn" else text)
            elif kind == "bracket":
                self.name(text[1:-1].replace("]]", "]"))
            elif kind == "quoted":
                self.name(text[1:-1].replace('""', '"'))
            elif kind == "comment":
                self.add(" ")
            elif kind == "semicolon" and depth == 0:
                self.flush()
            elif kind == "unclosed":
                raise ScriptError(f"unterminated {text!r} starting at line {self.line}")
            else:
                depth += {"open": 1, "close": -1}.get(kind or "", 0)
                self.add(text)
            if kind != "newline":
                self.line += text.count("\n")
        self.flush()
        return self.statements

    def _starts(self, word: str) -> bool:
        """Whether a top-level line beginning with ``word`` begins a new statement."""
        keyword = word.upper()
        if keyword not in _STARTS or not self.parts:
            return False
        # "UPDATE T\nSET C = 1" is one statement, not an UPDATE and a session SET.
        return keyword != "SET" or not "".join(self.parts).lstrip().upper().startswith("UPDATE")


def _translate(text: str, protected: list[str]) -> str | None:
    first = text.split(None, 1)[0].upper()
    if first in _SKIPPED:
        return None
    if first == "ALTER" and re.search(r"\b(?:CONSTRAINT|CHECK)\b", text, re.IGNORECASE):
        return None  # keys, defaults and checks: irrelevant to a read-only copy
    upper = text.upper()
    for trigger, pattern, replacement in _REWRITES:
        if trigger in upper:
            text = pattern.sub(replacement, text)
    return _PROTECTED.sub(lambda match: protected[int(match.group(1))], text.strip())


def sqlite_statements(script: str) -> list[tuple[int, str]]:
    """``(line, statement)`` pairs ready for ``sqlite3.Connection.execute``, in script order."""
    statements = []
    for line, text, protected in _Splitter(script).run():
        translated = _translate(text, protected)
        if translated is not None:
            statements.append((line, translated))
    return statements
