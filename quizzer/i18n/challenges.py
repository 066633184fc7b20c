"""The interface's words on the challenge side, in English and Chinese.

``quizzer check`` (statuses, the report, speed), the jail (``quizzer doctor``),
what students read from ``quizzer bundle`` on Gradescope and PrairieLearn,
``drill`` and ``solution``, and the challenges as a path (``challenges``,
``next``, ``hint``, ``check --watch``). ``quizzer.i18n`` explains the table and
looks its strings up.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- quizzer check: test statuses ---------------------------------------------------------------
    "status.pass": {"en": "pass", "zh": "通过"},
    "status.fail": {"en": "fail", "zh": "失败"},
    "status.error": {"en": "error", "zh": "出错"},
    "status.timeout": {"en": "timeout", "zh": "超时"},
    "status.crash": {"en": "crash", "zh": "崩溃"},
    # -- quizzer check: the report -------------------------------------------------------------------
    "report.test": {"en": "test", "zh": "测试"},
    "report.status": {"en": "status", "zh": "状态"},
    "report.message": {"en": "message", "zh": "信息"},
    "report.hidden": {"en": " (hidden)", "zh": "（隐藏）"},
    "report.score": {"en": "Score: {n}/{total}", "zh": "得分：{n}/{total}"},
    "report.passed": {"en": "PASSED", "zh": "通过"},
    "report.failed": {"en": "FAILED", "zh": "未通过"},
    "report.expected": {"en": "expected: ", "zh": "期望："},
    "report.got": {"en": "got: ", "zh": "实际："},
    "report.diagnosis": {"en": "Known mistake: {mistake}", "zh": "常见错误：{mistake}"},
    "report.card": {"en": "See card: quizzer show {card}", "zh": "参见卡片：quizzer show {card}"},
    "report.problem": {"en": "Your file could not be loaded", "zh": "无法加载你的文件"},
    "report.problem_kind": {"en": ": {kind}", "zh": "：{kind}"},
    "problem.syntax": {"en": "syntax error", "zh": "语法错误"},
    "problem.import": {"en": "error while importing", "zh": "导入时出错"},
    "problem.timeout": {"en": "time limit", "zh": "超时"},
    "problem.crash": {"en": "the process crashed", "zh": "进程崩溃"},
    "problem.memory": {"en": "memory limit", "zh": "内存超限"},
    "problem.exit": {"en": "the file exited", "zh": "文件退出了进程"},
    "report.missing": {"en": "Missing functions: {names}", "zh": "缺少的函数：{names}"},
    "report.did_you_mean": {
        "en": " (your file defines {name}: a typo?)",
        "zh": "（你的文件定义的是 {name}，是否拼错了？）",
    },
    "report.tests": {"en": "{n} tests", "zh": "{n} 个测试"},
    "report.of_hidden": {"en": " ({n} hidden)", "zh": "（其中 {n} 个隐藏）"},
    "report.others_pass": {"en": "the other {n} tests pass", "zh": "其余 {n} 个测试通过"},
    "report.other_passes": {"en": "the other test passes", "zh": "其余 1 个测试通过"},
    "report.output": {"en": "Your code's output", "zh": "你的代码的输出"},
    "report.truncated": {"en": "truncated: {total} bytes in all", "zh": "已截断：共 {total} 字节"},
    "report.next_pass": {
        "en": "All tests pass. Compare with the reference: quizzer solution {c}",
        "zh": "全部测试通过。与参考答案对比：quizzer solution {c}",
    },
    "report.next_fail": {
        "en": "Fix the failing tests and run the check again (--watch re-checks on save).",
        "zh": "修正未通过的测试后再检查一次（--watch 会在保存时自动重新检查）。",
    },
    "report.watching": {
        "en": "watching {path} — Ctrl-C to stop",
        "zh": "正在监视 {path}，按 Ctrl-C 停止",
    },
    # -- the jail (quizzer doctor, and check's warning) ------------------------------------------
    "jail.title": {
        "en": "Isolation of the learner's code on this machine",
        "zh": "本机对学习者代码的隔离",
    },
    "jail.layer": {"en": "layer", "zh": "隔离层"},
    "jail.state": {"en": "state", "zh": "状态"},
    "jail.detail": {"en": "how, or why not", "zh": "方式或缺失原因"},
    "jail.on": {"en": "on", "zh": "启用"},
    "jail.off": {"en": "off", "zh": "未启用"},
    "jail.grade_ok": {
        "en": "quizzer grade can run: the filesystem and processes layers are on.",
        "zh": "可以运行 quizzer grade：文件系统层和进程层均已启用。",
    },
    "jail.grade_refuses": {
        "en": "quizzer grade refuses to run here (missing: {layers}) unless given "
        "--allow-unisolated.",
        "zh": "quizzer grade 在本机拒绝运行（缺少：{layers}），除非加上 --allow-unisolated。",
    },
    "jail.warning": {
        "en": "warning: your code ran without part of the sandbox ({why}); see quizzer doctor",
        "zh": "警告：你的代码运行时缺少部分沙箱隔离（{why}）；详见 quizzer doctor",
    },
    # -- quizzer check: speed ------------------------------------------------------------------------
    "timing.title": {"en": "Speed on the standard input", "zh": "标准输入上的速度"},
    "timing.function": {"en": "function", "zh": "函数"},
    "timing.yours": {"en": "yours", "zh": "你的"},
    "timing.reference": {"en": "reference", "zh": "参考"},
    "timing.ratio": {"en": "ratio", "zh": "倍数"},
    "timing.note": {"en": "note", "zh": "说明"},
    "timing.undefined": {"en": "not defined", "zh": "未定义"},
    "timing.not_timed": {
        "en": "not timed: it already timed out or crashed in the tests",
        "zh": "未计时：它在测试中已经超时或崩溃",
    },
    "timing.timeout": {
        "en": "still running after {limit} s on the standard input: vectorise this loop",
        "zh": "在标准输入上运行 {limit} 秒仍未结束：请把循环向量化",
    },
    "timing.error": {
        "en": "failed on the standard input: {reason}",
        "zh": "在标准输入上出错：「{reason}」",
    },
    "timing.par": {
        "en": "about the reference's speed (closer than 2x either way is within timing noise)",
        "zh": "与参考实现速度相当（相差不到 2 倍属于计时误差范围）",
    },
    "timing.slow": {
        "en": "{ratio}x slower than the reference: vectorise this loop "
        "(whole-array NumPy operations instead of Python loops)",
        "zh": "比参考实现慢 {ratio} 倍：请把循环向量化（用整个数组的 NumPy 运算代替 Python 循环）",
    },
    # -- quizzer bundle: what students read on Gradescope and PrairieLearn ------------------------
    "bundle.fix.several": {
        "en": "{n} files are named {file} ({where}): submit only one.",
        "zh": "有 {n} 个文件名为 {file}（{where}）：只提交一个。",
    },
    "bundle.fix.case": {
        "en": "rename {got} to {file} (names are case-sensitive).",
        "zh": "请把 {got} 改名为 {file}（文件名区分大小写）。",
    },
    "bundle.fix.rename": {
        "en": "no file named {file}: rename {got} to {file} and submit again.",
        "zh": "没有名为 {file} 的文件：请把 {got} 改名为 {file} 后重新提交。",
    },
    "bundle.fix.missing": {
        "en": "no file named {file} in your submission (it has: {listing}); submit your solution as {file}.",
        "zh": "你的提交中没有名为 {file} 的文件（提交的是：{listing}）；请以 {file} 为文件名提交。",
    },
    "bundle.fix.no_files": {"en": "no files", "zh": "没有文件"},
    "bundle.fix.unreadable": {
        "en": "{file} cannot be read ({why}): submit it again.",
        "zh": "无法读取 {file}（{why}）：请重新提交。",
    },
    "bundle.fix.link": {
        "en": "{file} is a symbolic link: submit the file itself.",
        "zh": "{file} 是符号链接：请提交文件本身。",
    },
    "bundle.fix.large": {
        "en": "{file} is {size} bytes: submit only your code (a solution is a few kilobytes).",
        "zh": "{file} 有 {size} 字节：只提交你的代码（答案通常只有几 KB）。",
    },
    "bundle.fix.empty": {
        "en": "{file} is empty: write {functions} in it and submit again.",
        "zh": "{file} 是空的：请在其中实现 {functions} 后重新提交。",
    },
    "bundle.fix.syntax": {
        "en": "{file}: {message}: fix it and submit again.",
        "zh": "{file}：{message}：请修正后重新提交。",
    },
    "bundle.fix.undefined": {
        "en": "{file} does not define {functions}: define every function the challenge asks for.",
        "zh": "{file} 没有定义 {functions}：请定义题目要求的每一个函数。",
    },
    "bundle.what_to_fix": {"en": "What to fix: {fix}", "zh": "需要修正：{fix}"},
    "bundle.not_graded": {
        "en": "quizzer {challenge}: not graded. What to fix: {fix}",
        "zh": "quizzer {challenge}：未评分。需要修正：{fix}",
    },
    "bundle.speed": {"en": "Speed on the standard input:", "zh": "标准输入上的速度："},
    "bundle.speed.ratio": {
        "en": "{function}: {ratio}x the reference's time",
        "zh": "{function}：耗时是参考实现的 {ratio} 倍",
    },
    "bundle.sandbox.limits": {
        "en": "Sandbox: a separate process with time, memory and CPU limits{inside}.",
        "zh": "沙箱：独立进程，限制时间、内存和 CPU{inside}。",
    },
    "bundle.sandbox.layers": {"en": "Sandbox layers on: {on}", "zh": "已启用的沙箱层：{on}"},
    "bundle.sandbox.off": {"en": "; off here: {off}", "zh": "；此处未启用：{off}"},
    "bundle.sandbox.inside": {
        "en": ", inside the platform's grading container",
        "zh": "，运行在平台的评分容器内",
    },
    "bundle.none": {"en": "none", "zh": "无"},
    "bundle.score": {
        "en": "Score: {score}/{total} (one point per test).",
        "zh": "得分：{score}/{total}（每个测试 1 分）。",
    },
    "bundle.fix_below": {
        "en": " Fix what is listed below and submit again.",
        "zh": "请修正下面列出的问题后重新提交。",
    },
    "bundle.rate_limited": {
        "en": "Not graded: {n} submissions in the last hour, and this assignment grades at most "
        "{limit} an hour. Your score stays the one of your previous submission. "
        "Submit again after {time}.",
        "zh": "未评分：过去一小时内已提交 {n} 次，本作业每小时最多评分 {limit} 次。"
        "你的分数保持上一次提交的分数。请在 {time} 之后再提交。",
    },
    "bundle.passed": {
        "en": "{passed}/{total} tests passed.",
        "zh": "通过 {passed}/{total} 个测试。",
    },
    "bundle.section": {
        "en": "{challenge} ({file}): {passed}/{total} tests passed.",
        "zh": "{challenge}（{file}）：通过 {passed}/{total} 个测试。",
    },
    "bundle.hidden_note": {
        "en": " Failing hidden tests show their name and message only.",
        "zh": "未通过的隐藏测试只显示名称和说明。",
    },
    "bundle.test.hidden": {"en": "hidden test", "zh": "隐藏测试"},
    "bundle.test.visible": {"en": "worked example (visible test)", "zh": "示例（可见测试）"},
    "bundle.not_gradable": {
        "en": "Not graded, and this attempt does not count: {errors}",
        "zh": "未评分，本次尝试不计入次数：{errors}",
    },
    "bundle.known_mistake": {
        "en": "Known mistake: {name}. {explanation}",
        "zh": "已知错误：{name}。{explanation}",
    },
    "bundle.printed": {"en": "What your code printed:", "zh": "你的代码的输出："},
    # -- drill and solution ----------------------------------------------------------------------------
    "drill.wrote": {"en": "Wrote {path}", "zh": "已写入 {path}"},
    "drill.next": {
        "en": "Implement the functions, then run: quizzer check {path}",
        "zh": "实现这些函数，然后运行：quizzer check {path}",
    },
    "solution.title": {"en": "Reference solution for {c}", "zh": "{c} 的参考答案"},
    # -- the challenges as a path: challenges, next, hint, check --watch -------------------------
    "path.title": {"en": "Challenges", "zh": "编程挑战"},
    "path.challenge": {"en": "challenge", "zh": "挑战"},
    "path.card_title": {"en": "card", "zh": "卡片"},
    "path.status": {"en": "status", "zh": "状态"},
    "path.attempts": {"en": "checks", "zh": "检查次数"},
    "path.best": {"en": "best", "zh": "最高分"},
    "path.last": {"en": "last check", "zh": "最近检查"},
    "path.hints": {"en": "hints", "zh": "提示"},
    "path.passed": {"en": "passed", "zh": "已通过"},
    "path.passed_hints": {"en": "passed with hints", "zh": "借助提示通过"},
    "path.tried": {"en": "tried", "zh": "尝试过"},
    "path.untried": {"en": "untried", "zh": "未开始"},
    "path.summary": {
        "en": "{passed} of {total} passed · {tried} tried · {untried} untried",
        "zh": "已通过 {passed}/{total} · 尝试过 {tried} · 未开始 {untried}",
    },
    "path.next": {
        "en": "Next: {c} (card {number}). `quizzer next` writes its starter file.",
        "zh": "下一个：{c}（卡片 {number}）。运行 `quizzer next` 写出它的起始文件。",
    },
    "path.done": {
        "en": "Every challenge passed. Compare with the references: quizzer solution CARD",
        "zh": "所有挑战都已通过。可以对照参考答案：quizzer solution 卡片",
    },
    "next.which": {
        "en": "Next challenge: card {number}, {title} ({c})",
        "zh": "下一个挑战：卡片 {number}，{title}（{c}）",
    },
    "next.exists": {
        "en": "{path} is already there: keep going with `quizzer check {path}` "
        "(`quizzer next --force` starts it over)",
        "zh": "{path} 已经存在：继续用 `quizzer check {path}` 检查"
        "（`quizzer next --force` 会重新开始）",
    },
    "hint.title": {"en": "Hint {level} of {total} · {c}", "zh": "提示 {level}/{total} · {c}"},
    "hint.more": {
        "en": "Still stuck? `quizzer hint {ref}` shows hint {next}.",
        "zh": "还是卡住了？`quizzer hint {ref}` 会显示第 {next} 条提示。",
    },
    "hint.last": {
        "en": "That was the last hint. After a pass, `quizzer solution {c}` shows the reference.",
        "zh": "这是最后一条提示。通过之后，`quizzer solution {c}` 会显示参考答案。",
    },
    "hint.none": {
        "en": "no hints for {c}: its card has none",
        "zh": "{c} 没有提示：它的卡片里没有写提示",
    },
    "hint.level": {
        "en": "--level must be from 1 to {total} for {c}, got {level}",
        "zh": "{c} 的 --level 必须在 1 到 {total} 之间，收到的是 {level}",
    },
    "report.with_hints": {"en": "with hints ({n} of {total})", "zh": "借助提示（{n}/{total}）"},
    "watch.first_fail": {"en": "First failing test: {name}", "zh": "第一个未通过的测试：{name}"},
    "watch.fix": {
        "en": "Fix it and save: the check runs again by itself. Ctrl-C stops watching.",
        "zh": "改好后保存，检查会自动重新运行。按 Ctrl-C 停止监视。",
    },
    "watch.next": {
        "en": "Next: {c} (card {number}). Ctrl-C stops watching, then `quizzer next` writes its starter.",
        "zh": "下一个：{c}（卡片 {number}）。按 Ctrl-C 停止监视，再运行 `quizzer next` 写出它的起始文件。",
    },
    "watch.done": {
        "en": "That was the last one: every challenge is passed. Ctrl-C stops watching.",
        "zh": "这是最后一个：所有挑战都已通过。按 Ctrl-C 停止监视。",
    },
}
