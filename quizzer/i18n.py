"""The words of the interface around the cards, in English and Chinese.

Card text lives in the card files; this table holds everything else a learner
reads in ``quiz``, ``stats`` and ``check``: prompts, labels, column headers,
status words. ``t("rate.prompt", "zh", hint="")`` looks a string up and fills
its ``{placeholders}``. The Chinese follows Anki's Chinese interface where Anki
has a word (重来/困难/良好/简单) and the terms Chinese ML engineers use.

Only what a person reads is translated: ``--json`` keys and ids, keyboard
input (1-4, Enter, q) and usage errors (exit code 2: no such file, unknown
option) stay English. What ``check`` says about a submission (test messages,
hints, load problems) carries both languages from where it is written
(``quizzer.suites.base.say``). A test checks that every key has both languages
with the same placeholders and is used somewhere.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- ratings (Anki's buttons) and quiz modes --------------------------------------------
    "rating.again": {"en": "again", "zh": "重来"},
    "rating.hard": {"en": "hard", "zh": "困难"},
    "rating.good": {"en": "good", "zh": "良好"},
    "rating.easy": {"en": "easy", "zh": "简单"},
    "mode.flash": {"en": "flash", "zh": "闪卡"},
    "mode.choice": {"en": "choice", "zh": "选择题"},
    "mode.typed": {"en": "typed", "zh": "简答题"},
    "card.new": {"en": "new", "zh": "新卡片"},
    "card.review": {"en": "review", "zh": "复习"},
    # -- intervals and durations ----------------------------------------------------------------
    "unit.minutes": {"en": "{n}m", "zh": "{n}分钟"},
    "unit.hours": {"en": "{n}h", "zh": "{n}小时"},
    "unit.days": {"en": "{n}d", "zh": "{n}天"},
    "unit.months": {"en": "{n}mo", "zh": "{n}个月"},
    "unit.years": {"en": "{n}y", "zh": "{n}年"},
    "duration.hm": {"en": "{h}h {m}m", "zh": "{h}小时{m}分"},
    "duration.ms": {"en": "{m}m {s}s", "zh": "{m}分{s}秒"},
    "duration.s": {"en": "{s}s", "zh": "{s}秒"},
    "when.now": {"en": "now", "zh": "现在"},
    "when.in": {"en": "in {interval}", "zh": "{interval}后"},
    "list.sep": {"en": ", ", "zh": "，"},
    # -- a question and its answer ----------------------------------------------------------------
    "quiz.answer": {"en": "Answer", "zh": "答案"},
    "quiz.reveal": {
        "en": "Enter shows the answer (u undoes, q quits)> ",
        "zh": "按 Enter 显示答案（u 撤销，q 退出）> ",
    },
    "quiz.choose": {"en": "your choice 1-{n} (q quits)> ", "zh": "选择 1-{n}（q 退出）> "},
    "quiz.last": {
        "en": "That was the last card: any key shows the summary (u undoes)> ",
        "zh": "这是最后一张：按任意键查看小结（u 撤销）> ",
    },
    "quiz.continue": {
        "en": "any key: next card (u undoes, q quits)> ",
        "zh": "按任意键看下一张（u 撤销，q 退出）> ",
    },
    "quiz.choose_again": {"en": "type a number from 1 to {n}", "zh": "请输入 1 到 {n} 之间的数字"},
    "quiz.type_answer": {
        "en": "Type your answer; an empty line (or Ctrl-D) ends it.",
        "zh": "输入你的答案；空行（或 Ctrl-D）结束。",
    },
    "quiz.correct": {"en": "Correct!", "zh": "正确！"},
    "quiz.wrong": {"en": "Not quite.", "zh": "不对。"},
    "quiz.your_answer": {"en": "← your answer", "zh": "← 你的答案"},
    "quiz.why": {"en": "why", "zh": "原因"},
    "quiz.suggested": {"en": "suggested: {n} {name}", "zh": "建议评分：{n} {name}"},
    # -- a typed answer's reasoning (render/typed.py) ---------------------------------------------
    "answer.prompt": {
        "en": "Type your answer; end it with Ctrl-D on an empty line.",
        "zh": "输入你的答案；在空行上按 Ctrl-D 结束。",
    },
    "typed.points": {
        "en": "Key points: {hit}/{total} (core {core_hit}/{core_total})",
        "zh": "要点：{hit}/{total}（核心 {core_hit}/{core_total}）",
    },
    "typed.core": {"en": "core", "zh": "核心"},
    "typed.detail": {"en": "detail", "zh": "细节"},
    "typed.you_said": {"en": "you said: ", "zh": "你写的是："},
    "typed.wrong_head": {"en": "Wrong statements", "zh": "错误的说法"},
    "typed.correction": {"en": "correction: ", "zh": "纠正："},
    "typed.card_says": {"en": "that is: ", "zh": "即："},
    "typed.denies": {"en": "the opposite of a key point", "zh": "与一个要点相反"},
    "typed.why": {"en": "Why {name}: ", "zh": "为什么是{name}："},
    "typed.reason.no_statement": {
        "en": "no statement: a list of terms does not say how they relate, so no point is "
        "credited. Answer in sentences.",
        "zh": "没有完整的陈述：只列出术语并不能说明它们之间的关系，因此不计任何要点。请用句子回答。",
    },
    "typed.reason.wrong": {
        "en": "it states something wrong (above), which caps the rating at again.",
        "zh": "答案里有错误的说法（见上），评分最高只能是重来。",
    },
    "typed.reason.wrong_capped": {
        "en": "excellent otherwise, but one statement is wrong (above), which caps the rating at hard.",
        "zh": "其余部分很好，但有一处说法是错的（见上），评分最高只能是困难。",
    },
    "typed.reason.complete": {
        "en": "every core point and most details, in your own words.",
        "zh": "核心要点全部答到，细节也答到了大部分。",
    },
    "typed.reason.core": {
        "en": "every core point is there; the details marked ✗ would make it easy.",
        "zh": "核心要点全部答到；补上标 ✗ 的细节就是简单。",
    },
    "typed.reason.partial": {
        "en": "some core points are missing (marked ✗).",
        "zh": "缺少部分核心要点（标 ✗ 的）。",
    },
    "typed.reason.core_missing": {
        "en": "none of the core points is made.",
        "zh": "一个核心要点都没有答到。",
    },
    # -- rating -----------------------------------------------------------------------------------
    "rate.prompt": {
        "en": "rate 1-4{hint} (e full answer, u undoes, q quits)> ",
        "zh": "评分 1-4{hint}（e 完整答案，u 撤销，q 退出）> ",
    },
    "rate.default": {"en": ", Enter = {n} {name}", "zh": "，Enter = {n} {name}"},
    "rate.again": {
        "en": "type 1 (again), 2 (hard), 3 (good) or 4 (easy)",
        "zh": "请输入 1（重来）、2（困难）、3（良好）或 4（简单）",
    },
    "rate.cram": {
        "en": "cram: ratings are logged, the schedule is not changed",
        "zh": "突击复习：评分会记录，但不改变复习计划",
    },
    "saved": {"en": "saved: {name}", "zh": "已保存：{name}"},
    "saved.back_soon": {
        "en": " · back this session",
        "zh": " · 本次会再出现",
    },
    "undo.done": {
        "en": "undone: {name} on {card}; the card is asked again",
        "zh": "已撤销：{card} 的评分 {name}，请重新作答",
    },
    "undo.nothing": {"en": "nothing to undo in this session", "zh": "本次没有可撤销的评分"},
    "back.key_points": {"en": "Key points", "zh": "要点"},
    "back.full": {"en": " · e shows the full answer", "zh": " · 按 e 查看完整答案"},
    "back.more": {
        "en": "+ {n} more key points: e shows the full answer",
        "zh": "另有 {n} 条要点：按 e 查看完整答案",
    },
    "saved.cram": {"en": " · cram, schedule unchanged", "zh": " · 突击复习，计划不变"},
    "saved.next": {"en": " · next in {interval} ({when})", "zh": " · {interval}后再复习（{when}）"},
    # -- the end of a session ---------------------------------------------------------------------
    "summary.title": {"en": "Session summary", "zh": "本次小结"},
    "summary.card": {"en": "card", "zh": "卡片"},
    "summary.mode": {"en": "mode", "zh": "模式"},
    "summary.rating": {"en": "rating", "zh": "评分"},
    "summary.time": {"en": "time", "zh": "用时"},
    "summary.next_due": {"en": "next due", "zh": "下次到期"},
    "summary.cram": {"en": "cram", "zh": "突击"},
    "summary.seen": {
        "en": "cards seen {seen} of {total} · correct {correct} · {ratings}",
        "zh": "已答 {seen}/{total} 张 · 答对 {correct} 张 · {ratings}",
    },
    "summary.time_spent": {
        "en": "time spent {time} · next due {due}",
        "zh": "用时 {time} · 下次到期 {due}",
    },
    "summary.learning": {
        "en": "still learning: {n}; they come back from {when} (quizzer quiz)",
        "zh": "仍在学习：{n} 张；{when} 起陆续回来（运行 quizzer quiz）",
    },
    "summary.ended": {
        "en": "Session ended early ({why}): {seen} of {total} answered, all saved.",
        "zh": "提前结束（{why}）：已答 {seen}/{total} 张，全部已保存。",
    },
    "ended.eof": {"en": "input ended", "zh": "输入结束"},
    "ended.quit": {"en": "quit", "zh": "已退出"},
    "ended.interrupt": {"en": "interrupted", "zh": "已中断"},
    "quiz.nothing": {"en": "Nothing to review now.", "zh": "现在没有要复习的卡片。"},
    "quiz.next_due": {"en": " Next card due {when}.", "zh": "下一张卡片 {when} 到期。"},
    "quiz.held_reviews": {
        "en": " {n} due cards are held back by --limit or today's review limit (--reviews N).",
        "zh": "有 {n} 张到期卡片因 --limit 或今天的复习上限而未显示（--reviews N）。",
    },
    "quiz.held_new": {
        "en": " {n} new cards are held back by --limit or today's new-card limit (--new N).",
        "zh": "有 {n} 张新卡片因 --limit 或今天的新卡上限而未显示（--new N）。",
    },
    "quiz.try_cram": {
        "en": " Try --cram to review anyway, or --new N for more new cards.",
        "zh": "可以用 --cram 照样复习，或用 --new N 学更多新卡片。",
    },
    # -- quizzer today (and bare quizzer) ------------------------------------------------------------
    "today.title": {"en": "Today, {day}", "zh": "今天：{day}"},
    "today.due": {"en": "Due now", "zh": "现在到期"},
    "today.due_count": {"en": "{n}", "zh": "{n} 张"},
    "today.due_parts": {
        "en": " ({reviews} to review, {learning} learning)",
        "zh": "（复习 {reviews} 张，学习中 {learning} 张）",
    },
    "today.over_limit": {
        "en": " · {n} more wait for tomorrow (limit {limit} reviews a day)",
        "zh": " · 另有 {n} 张留到明天（每天最多复习 {limit} 张）",
    },
    "today.soon": {"en": "Coming back", "zh": "即将回来"},
    "today.soon_count": {
        "en": "{n} learning within the hour, the first at {when} (in {minutes} min)",
        "zh": "一小时内有 {n} 张学习中的卡片回来，第一张在 {when}（{minutes} 分钟后）",
    },
    "today.soon_none": {"en": "no learning card within the hour", "zh": "一小时内没有学习中的卡片"},
    "today.new": {"en": "New today", "zh": "今日新卡"},
    "today.new_count": {
        "en": "{n} left ({done} of {limit} introduced today; {unseen} never seen)",
        "zh": "还可学 {n} 张（今天已学 {done}/{limit} 张；从未学过 {unseen} 张）",
    },
    "today.week": {"en": "Next 7 days", "zh": "未来 7 天"},
    "today.challenges": {"en": "Challenges", "zh": "编程题"},
    "today.ch_passed": {"en": "{n} passed", "zh": "已通过 {n}"},
    "today.ch_tried": {"en": "{n} tried", "zh": "已尝试 {n}"},
    "today.ch_untried": {"en": "{n} untried", "zh": "未开始 {n}"},
    "today.ch_next": {"en": "next: {c}", "zh": "下一道：{c}"},
    "today.ch_next_tried": {
        "en": "next: {c} (tried {n}x, best {best})",
        "zh": "下一道：{c}（已提交 {n} 次，最高 {best}）",
    },
    "today.ch_all": {"en": "all passed", "zh": "全部通过"},
    "today.next_quiz": {"en": "Next: ", "zh": "下一步："},
    "today.next_drill": {"en": "Next, a challenge: ", "zh": "下一步，做编程题："},
    "today.next_check": {"en": "Next, finish the challenge: ", "zh": "下一步，完成编程题："},
    "today.next_wait": {
        "en": "Nothing due now; learning cards come back at {when} (quizzer quiz then).",
        "zh": "现在没有到期的卡片；学习中的卡片 {when} 回来（届时运行 quizzer quiz）。",
    },
    "today.next_done": {
        "en": "All done for today. Next review {when}.",
        "zh": "今天的任务都完成了。下次复习：{when}。",
    },
    # -- quizzer stats ----------------------------------------------------------------------------
    "stats.title": {"en": "Cards", "zh": "卡片"},
    "stats.card": {"en": "card", "zh": "卡片"},
    "stats.state": {"en": "state", "zh": "状态"},
    "stats.due": {"en": "due", "zh": "到期"},
    "stats.stability": {"en": "stability", "zh": "稳定性"},
    "stats.recall": {"en": "recall", "zh": "回忆率"},
    "stats.revs": {"en": "revs", "zh": "复习"},
    "stats.lapses": {"en": "lapses", "zh": "遗忘"},
    "stats.challenge": {"en": "challenge", "zh": "编程题"},
    "state.new": {"en": "new", "zh": "新卡片"},
    "state.learning": {"en": "learning", "zh": "学习中"},
    "state.review": {"en": "review", "zh": "复习中"},
    "state.relearning": {"en": "relearning", "zh": "重学中"},
    "state_short.learning": {"en": "learn", "zh": "学习中"},
    "state_short.relearning": {"en": "relearn", "zh": "重学中"},
    "challenge.passed": {"en": "passed", "zh": "已通过"},
    "challenge.attempted": {"en": "tried", "zh": "已尝试"},
    "stats.totals": {
        "en": "cards {cards}: {states}; due now {due}\n"
        "reviews {reviews} (today {today}, cram {cram}); time {time}\n"
        "retention {retention} ({passed} of {scheduled} scheduled reviews not rated again)\n"
        "challenges passed {challenges}; attempts {attempts}",
        "zh": "卡片 {cards} 张：{states}\n"
        "现在到期 {due} 张；复习 {reviews} 次（今天 {today}，突击 {cram}）\n"
        "记忆保持率 {retention}：计划内复习 {scheduled} 次，{passed} 次没有评为“重来”\n"
        "复习用时 {time}；编程题通过 {challenges} 道，提交 {attempts} 次",
    },
    "chart.title": {"en": "Due per day, next {days} days", "zh": "未来 {days} 天每天到期的卡片"},
    "chart.today": {"en": "today", "zh": "今天"},
    "chart.weekdays": {
        "en": "Mon Tue Wed Thu Fri Sat Sun",
        "zh": "周一 周二 周三 周四 周五 周六 周日",
    },
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
    "filter.none": {
        "en": "no card matches {what}; the tags are: {tags}",
        "zh": "没有符合 {what} 的卡片；现有标签：{tags}",
    },
}


def t(key: str, lang: str, **fmt: object) -> str:
    """The text of ``key`` in ``lang`` (English if ``lang`` is unknown), ``fmt`` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang, entry["en"])
    return text.format(**fmt)
