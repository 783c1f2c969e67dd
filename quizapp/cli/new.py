"""``quizapp new``: write a commented starter question file, one example of each type."""

from __future__ import annotations

import os
from pathlib import Path

import click

from quizapp.cli.base import CliError, lang_option

DEFAULT_NAME = "questions.yaml"

#: The starter file: ``#key`` lines are comments from the catalogue (``new.*``), in the
#: interface language; the questions themselves are the same in both languages.
SKELETON = """\
#new.head
#new.check
#new.keys
title: {title}
deck: {title}
tags: [{tag}]
questions:
#new.choice
  - id: q-choice
    type: choice
    prompt: 下好“产业棋”，要从“单打独斗”转向什么？
    options: [抱拳出击, 系统集成, 同城待遇]
    answer: 抱拳出击
    explain: 产业棋讲三市产业从各自为战到联合出击。
#new.multi
  - id: q-multi
    type: multi
    prompt: 下列哪些属于“三个藩篱”？
    options:
      - 行政边界
      - 产业同质
      - 资源分散
      - 心理距离
    answer: [行政边界, 产业同质, 资源分散]
#new.truefalse
  - id: q-truefalse
    type: truefalse
    prompt: 长株潭一体化是一道必答题。
    answer: 对
#new.fill
  - id: q-fill
    type: fill
    prompt: "株潭摒弃“{{{{c1::虹吸焦虑}}}}”，长沙强化“{{{{c2::溢出思维::四个字}}}}”。"
    accept: {{1: [虹吸的焦虑]}}
#new.match
  - id: q-match
    type: match
    prompt: 把城市和它的产业连起来。
    pairs:
      长沙: 工程机械
      株洲: 轨道交通
      湘潭: 新能源材料
#new.order
  - id: q-order
    type: order
    prompt: 按文章的顺序排列“三盘棋”。
    items: [产业棋, 制度棋, 民生棋]
#new.card
  - id: q-card
    type: card
    front: 长株潭系数
    back: 湘潭把“长株潭系数”作为全局和基本考量。
"""


def starter_text() -> str:
    """The starter file in the interface language (it validates clean)."""
    from quizapp.i18n import t

    lines = []
    for line in SKELETON.format(title=t("new.title"), tag=t("new.tag")).splitlines():
        if line.startswith("#new."):
            indent = "" if line in ("#new.head", "#new.check", "#new.keys") else "  "
            lines.extend(f"{indent}# {part}" for part in t(line[1:]).splitlines())
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


@click.command("new", short_help="Write a starter question file with one example of each type.")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@lang_option
def new(file: Path | None) -> None:
    """Write FILE (default: questions.yaml here): a commented question file with one
    example of every question type, ready to edit and check with `quizapp validate`.
    An existing file is never replaced. Comments are in the interface language (--lang).

    \b
    Examples:
      quizapp new                       questions.yaml in this folder
      quizapp new 第三单元.yaml
      quizapp new unit3.yaml --lang en  comments in English
    """
    from quizapp.i18n import t

    path = file if file is not None else Path(DEFAULT_NAME)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise CliError(t("new.bad_suffix", path=path), 2)
    data = starter_text().encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise CliError(t("new.exists", path=path)) from None
    except OSError as exc:
        raise CliError(t("new.cannot_write", path=path, error=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise CliError(t("new.cannot_write", path=path, error=exc.strerror or exc)) from None
    click.echo(t("new.written", path=path))
