"""The interface's words on the review side, in English and Chinese.

Ratings and modes, intervals, a question and its answer, a typed answer's
reasoning, rating, the end of a session, ``quizzer today`` and ``quizzer stats``.
``quizzer.i18n`` explains the table and looks its strings up.
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
    # -- a card filter that matches nothing (list, quiz) -----------------------------------------
    "filter.none": {
        "en": "no card matches {what}; the tags are: {tags}",
        "zh": "没有符合 {what} 的卡片；现有标签：{tags}",
    },
}
