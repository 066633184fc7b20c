"""Cutting a typed answer into clauses, and what each clause is: negated, a statement or not.

English is cut at sentence punctuation, commas and contrast words ("but", "whereas",
"rather than", "instead of", "unlike", "without"); Chinese at 。；：，、 and 但是, 而是,
而不是, 然而 ... A fragment that states nothing ("At inference,", "推理时，", "When
features are correlated,") joins the clause it introduces; a negated fragment ("..., not
over the batch") stays apart and negates nothing else; four or more parts of which none is
a real statement are a list of terms. In a card's Markdown (``wrapped``) a line joins the
next; in a typed answer each line ends a sentence.

A statement has a verb or function word: three English words with a verb ("L1 gives zeros"),
two with the verb second ("weights shrink"), five with a function word, a formula
("|g| <= lambda"), or Chinese with a function character or verb (是, 会, 用, 在, 保留 ...) or a
negated verb (不经过).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from quizzer.review.normalise import CJK, normalize, stem

_SENTENCE_END = re.compile(r"(?:[;!?。；！？：\n]|[.:](?=\s|$))+")
_CONTRAST = re.compile(
    r"^\s*(?:unlike|compared|不同于|不像|相比|[与和跟同].{1,12}(?:不同|相比|相反))", re.IGNORECASE
)

VERBS = frozenset(
    """is are was were be been being do does did has have had can could will would should must
    may might get gets got make makes made give gives gave keep keeps kept become becomes became
    means use uses used take takes took add adds added stay stays go goes went come comes
    need needs let lets put puts set sets work works act acts cause causes pull pulls push pushes
    multiply multiplies divide divides scale scales shrink shrinks drop drops depend depends
    apply applies normalize normalizes normalise normalises compute computes learn learns
    help helps prevent prevents reduce reduces lower lowers increase increases remove removes
    select selects pick picks keep keeps lead leads flow flows fail fails solve solves
    equal equals correspond corresponds penalize penalizes penalise penalises produce produces
    suit suits fit fits
    we you i""".split()
)
FUNCTION_WORDS = VERBS | frozenset(
    """it its they them their this these that which so because the a an of to by with into
    over across on at for from than each every only all not no never when whereas then""".split()
)
_CLAUSE_BREAK = re.compile(
    r"[,，]+"
    r"|\s+(?=(?:but|whereas|whilst|although|though|however|rather than|instead of|unlike|without)\b)"
    r"|(?=但是|然而|而不是|而是|反而|相反)"
    r"|(?<![但是从因进然反])(?=但(?!是))"
    r"|(?<![从因进然反])(?=而(?![且是不变言已]))"
    # a second subject and its verb: "BN normalizes ... and LN normalizes ..."
    rf"|\s+(?=(?:and|while)\s+[\w\u0370-\u03ff]+\s+(?:{'|'.join(sorted(VERBS - {'we', 'you', 'i'}))})\b)",
    re.IGNORECASE,
)
# What strings terms together without saying how they relate: "BN is training and inference and
# uses running mean with momentum", "L2 是平方和并且用权重衰减和弹性网络以及岭回归"
CONNECTORS = frozenset("and or with plus while".split())
GLUE = CONNECTORS | frozenset("is are be use uses using has have also as well the a an its".split())
ZH_CONNECTORS = re.compile(r"以及|并且|而且|还有|[和与及或跟同、]")
ZH_GLUE = re.compile(f"{ZH_CONNECTORS.pattern}|[是用有也都并]")
RELATIONS = frozenset(("=", "<=", ">=", "<", ">", "->", "→", "≈", "!=", "∝"))
ZH_FUNCTION = re.compile(
    r"[是会让使把被在将就都需只也还更很才并从由给往了着即做]|(?<!正)则|能(?!力)|(?<![主重])要(?!点|素)"
    r"|(?<![作费])用(?!户|途)"
    r"|保留|选出|选取|依赖|导致|产生|决定|压到|拉向|指向|放在|加上|减去|等于|等价|相当于|属于|适合"
    r"|用来|使用|采用|用于|有了|没有|具有|拥有|变成|变为|变得|成为|造成|除以|乘以|乘上|计算|算出"
    r"|得到|取决|作为|为了|对于|对每|可以|不可|可导|[仍以]|依然|总是|通常|一般|直接|丢弃|置零|归一化到"
    r"|对应|来自|意味着|说明|表示|无法|不能|不会|没有|影响|负责|惩罚(?!项)|收缩|缩小|变小"
    # giving a value: "取 γ 为 σ", "设/令 γ 为 σ", "β 为 μ", "γ 取 σ", "把 γ 当作 σ"
    r"|(?<![因认称成作变以行较更极最])为(?![了何什止])|[取设令]|当作|当成|视为|看作|看成|赋给"
)
_ZH_NOT = r"不(?!同|断|仅|但|管|论|少|变|确定|一样|久|妨|错|止|光|过|然)|没(?!用)|未(?!知|来)"
_ZH_NEGATION = re.compile(
    f"{_ZH_NOT}|无(?!偏|论|限|穷)|非(?!常|线性|零)|(?<![分区识告类差级特个性鉴])别(?!的|人)|勿"
)
_EN_NEGATION = frozenset(
    "not no never cannot without neither nor none nothing nobody nowhere".split()
)
_NT = frozenset(
    "don doesn didn isn aren wasn weren can couldn won wouldn shouldn hasn haven hadn mustn".split()
)
_NOT_NEGATING = frozenset(("only", "just", "merely", "necessarily"))  # "not only ..."
_PRONOUNS = frozenset("it its they them their this these those that".split())
_ZH_PRONOUN = re.compile(
    r"它|其|这|该|此|^(?:并|而且|且|从而|进而|还|也|就|所以|因此|于是|然后|再)"
)
_CONTINUES = frozenset("and so which thus hence then therefore".split())


def negations(words: Iterable[str], compact: str) -> int:
    """How many negation markers: "not", "never", "doesn't", "不", "没有", "无需" ..."""
    words = list(words)
    count = 0
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in _EN_NEGATION and following not in _NOT_NEGATING:
            count += 1
        elif word == "t" and i and words[i - 1] in _NT:
            count += 1
    return count + len(_ZH_NEGATION.findall(compact))


_AUXILIARIES = frozenset(
    "do does did is are was were be can could will would should must may might has have had".split()
)
# where the main statement ends and a reason or a relative clause starts
_SUBORDINATORS = frozenset("since because as which whose that where so while".split())
_ZH_DENIAL = re.compile(
    f"(?:{_ZH_NOT})(?![^是的]{{0,5}}的)"
)  # not "不带平方的 λ‖w‖" (an attribute)
_ZH_SUBORDINATE = re.compile(r"因为|由于|所以|因此|从而|于是|使得")
_CONDITION = re.compile(r"如果|假如|若|要是|除非")


def denial(words: list[str], compact: str) -> tuple[int, int] | None:
    """Where the main statement is negated by its verb: "BN does not use ...", "never gives",
    "不经过", as (Latin word index, compact character index), -1 for the other script; None for
    no negation or one in a phrase ("in the MLP, not on the raw IDs", "与 batch 无关", "不带平方的
    λ‖w‖") or in a reason after "since", "because", "which", "因为" ("... since the candidates
    are not an i.i.d. batch"), or in a condition ("if we do not rescale, ...", "如果不做缩放")."""
    opening = words[0] if words and compact.startswith(words[0]) else ""
    if _CONDITION.match(compact) or opening in ("if", "unless"):
        return None
    for i, word in enumerate(words):
        if word in _SUBORDINATORS and i:
            break
        before = words[i - 1] if i else ""
        if word in ("never", "cannot") or (word == "t" and before in _NT):
            return i, -1
        if word == "not" and before in _AUXILIARIES:
            return i, -1
    found = _ZH_DENIAL.search(_ZH_SUBORDINATE.split(compact)[0])
    return (-1, found.start()) if found else None


_OPENERS = _SUBORDINATORS | frozenset("when whenever if once after before during".split())
_ZH_OPENERS = re.compile(r"时|当|如果|若|一旦|因为|由于")


def object_of_verb(words: list[str], chinese: str) -> bool:
    """Whether what is named after these words (the Latin ones, and the Chinese text) is the
    object of a verb that has a subject of its own: "a Laplace prior gives ...", "sparsity comes
    from ...", "拉普拉斯先验对应 ..."; not "we use ...", "in the Bayesian view ...", "BN returns
    x when ...", "在训练时 ..."."""
    opened = [i for i, word in enumerate(words) if word in _OPENERS]
    words = words[opened[-1] + 1 :] if opened else words  # what follows "when", "because" ...
    for i, word in enumerate(words):
        if word in VERBS:
            return any(w not in FUNCTION_WORDS for w in words[:i])
    text = _ZH_OPENERS.split("".join(CJK.findall(chinese)))[-1]
    verb = ZH_FUNCTION.search(text)
    return bool(verb and verb.start() > 0)


@dataclass(frozen=True)
class Clause:
    text: str  # as the learner wrote it
    words: tuple[str, ...]  # normalised Latin words, stemmed
    raw: tuple[str, ...]  # the same words unstemmed (typos are judged on these)
    compact: str  # normalised, without spaces (Chinese terms match here)
    negations: int
    denial: tuple[int, int] | None  # where the main verb is negated (``denial``)
    statement: bool
    pronoun: bool


_CONTRACTED = frozenset("it that there what here he she".split())  # "it's" reads "it s"


_SET_ASIDE = re.compile(r"^(?:rather than|instead of|as opposed to)\b")


def _is_statement(raw: list[str], compact: str) -> bool:
    latin = [w for w in raw if not CJK.search(w)]
    if any(w == "s" and i and latin[i - 1] in _CONTRACTED for i, w in enumerate(latin)):
        return True
    if any(w in RELATIONS for w in latin):  # a formula states something: |dL/dw| <= lambda
        return True
    if _SET_ASIDE.match(" ".join(raw)) and not any(w in VERBS for w in latin):
        return False  # "rather than to the dense embeddings" names what is set aside
    if len(latin) >= 3 and any(w in VERBS for w in latin):
        return True
    if len(latin) == 2 and latin[1] in VERBS:  # "weights shrink", not "drop probability"
        return True
    if len(latin) >= 5 and any(w in FUNCTION_WORDS for w in latin):
        return True
    chinese = "".join(CJK.findall(compact))
    if len(latin) >= 2 and 0 < len(chinese) <= 2 and ZH_FUNCTION.fullmatch(chinese):
        return True  # a Chinese verb between symbols: "CNN 用 LayerNorm", "γ 乘 z"
    # a negated verb is a predicate too: "梯度不经过均值"
    return len(chinese) >= 3 and bool(ZH_FUNCTION.search(chinese) or _ZH_DENIAL.search(chinese))


_MARKUP = re.compile(r"\*\*|__|(?<!\\)\$|^\s*(?:[-*+•]|\d+[.)])\s+", re.MULTILINE)
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+•]|\d+[.)])\s)")
_SUBORDINATE = re.compile(
    r"^\s*(?:when|whenever|if|once|since|as long as|during|after|before|given|to)\b"
    r"|^\s*(?:只要|如果|若|当|一旦|假如)"
    r"|(?:时|时候|的话|之后|以后|之前|情况下|先验下)\s*$",
    re.IGNORECASE,
)
_CARRY = 3  # at most this many fragments join the clause after them ("a, b, c and d do x")
_GOES_ON = re.compile(r"(?:只|也|就|还|都|则|便|又|才)")


_BRACKETS = re.compile(r"[(（\[][^()（）\[\]]*[)）\]]")


def _lines(text: str, wrapped: bool) -> str:
    """Markdown emphasis and bullets dropped; commas inside brackets do not cut a clause ("over
    (N, H, W)"). A typed line ends a sentence; in ``wrapped`` text (a card's Markdown) a line
    joins the next and only a paragraph or a bullet ends one."""
    text = _BRACKETS.sub(lambda m: re.sub("[,，、:：;；]", "\u2063", m[0]), text)
    text = _PARAGRAPH.sub("\n\n", text)
    text = _MARKUP.sub(" ", text)
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text) if wrapped else text


def _fragments(text: str, wrapped: bool = False) -> list[list[tuple[str, bool]]]:
    """Sentences, each a list of (clause text, is a list of fragments); fragments that state
    nothing are joined to the clause they introduce, or stay a list that states nothing."""
    sentences: list[list[tuple[str, bool]]] = []
    heading = ""
    for sentence in _SENTENCE_END.split(_lines(text, wrapped)):
        parts = _second_subjects(
            [p.strip() for p in _CLAUSE_BREAK.split(sentence) if p and p.strip()]
        )
        merged: list[tuple[str, bool]] = []
        carry: list[str] = []
        aside: list[str] = []  # negated fragments that wait for the carry to join its clause
        for part in parts:
            norm = normalize(part)
            negated = negations([w for w in norm.split() if not CJK.search(w)], norm) > 0
            if carry and (negated or _CONTRAST.match(part)) and _fragment(norm):
                aside.append(part)  # "L1, not L2, gives zeros", "L1, unlike L2, ...": L1 joins
                continue  # what follows
            if negated and _fragment(norm):  # "..., not charlie": stays apart, negates nothing else
                merged.append((part, False))
                continue
            if merged and not carry and _GOES_ON.match(norm) and _fragment(norm):
                # "L1 的惩罚在 0 处斜率为 0，只会缩小 w": a predicate going on with the same subject
                merged[-1] = (f"{merged[-1][0]}, {part}", merged[-1][1])
                continue
            if not _CONTRAST.match(part) and (_fragment(norm) or _SUBORDINATE.search(part)):
                if len(carry) == _CARRY:  # "a, b, c, d, e": a list, not a clause's subject
                    merged.append((carry.pop(0), True))
                carry.append(part)
                continue
            merged.append((" ".join([*carry, part]), False))
            merged.extend((a, False) for a in aside)
            carry, aside = [], []
        # "均值、方差、批维度、γ、β": four items or more between 、 in one part are a list too
        items = [i for p in parts for i in (p.split("、") if p.count("、") >= 3 else [p])]
        if len(items) >= 4 and not any(_long_statement(p) for p in items):
            # "gamma scales, beta shifts, identity, bias=False": a list of terms, however worded
            sentences.append([(", ".join(parts), True)])
            continue
        if carry:
            last = normalize(carry[-1])
            if len(carry) == 1 and negations(last.split(), last.replace(" ", "")):
                merged.append((carry[0], False))  # "..., 不要放在 embedding 之后": negates itself
            elif merged and not _CONTRAST.match(merged[-1][0]) and len(carry) == 1:
                merged[-1] = (f"{merged[-1][0]}, {carry[0]}", merged[-1][1])
            else:
                # "..., rather than multiplication, since NaN × 0 is still NaN": a statement
                listed = len(carry) > 1 and not any(_long_statement(p) for p in carry)
                merged.append((", ".join(carry), listed))
        merged.extend((a, False) for a in aside)
        if len(merged) == 1 and not merged[0][1] and _fragment(normalize(merged[0][0])):
            if heading:  # "a; b; c": fragment after fragment is a list
                sentences.append([(heading, True)])
            heading = merged[0][0]
            continue
        if heading and merged:  # "**Inference.** Only the running statistics are used."
            merged[0] = (f"{heading} {merged[0][0]}", merged[0][1])
            heading = ""
        if merged:
            sentences.append(merged)
    if heading:
        sentences.append([(heading, False)])
    return sentences


_AND = re.compile(r"(?:and|while)\s", re.IGNORECASE)


_OPENED = re.compile(r"\b(?:when|whenever|if|once|since|because|where)(?:\s+\S+){1,2}\s*$", re.I)


def _second_subjects(parts: list[str]) -> list[str]:
    """A part cut before "and LN normalizes" stays apart only after a statement of its own:
    "In eval mode the stored mean and variance are used" is one clause, and so is "BN returns
    x when gamma and beta are ..."."""
    out: list[str] = []
    for part in parts:
        if out and _AND.match(part):
            norm = normalize(out[-1])
            if _OPENED.search(out[-1]) or not _is_statement(norm.split(), norm.replace(" ", "")):
                out[-1] = f"{out[-1]} {part}"
                continue
        out.append(part)
    return out


def _long_statement(part: str) -> bool:
    """A statement of some length: four words or six Chinese characters, with a verb."""
    norm = normalize(part)
    words = norm.split()
    chinese = "".join(CJK.findall(norm))
    latin = [w for w in words if not CJK.search(w)]
    long = len(latin) >= 4 or len(chinese) >= 6
    return long and _is_statement(words, norm.replace(" ", ""))


def _fragment(norm: str) -> bool:
    """States nothing on its own: short ("At inference", "推理时") or no statement at all."""
    words = norm.split()
    chinese = "".join(CJK.findall(norm))
    latin = [w for w in words if not CJK.search(w)]
    if len(latin) <= 2 and len(chinese) <= 4:
        verb = ZH_FUNCTION.match(chinese.removeprefix("的"))
        if verb and latin and words[0] == latin[0] and (len(chinese) >= 3 or len(latin) == 2):
            return False  # a symbol and its verb: "β 为均值", "γ 取标准差", "CNN 用 LayerNorm"
        return not (len(latin) == 2 and not chinese and latin[1] in VERBS)
    return (
        len(latin) <= 6 and len(chinese) <= 10 and not _is_statement(words, norm.replace(" ", ""))
    )


def split_clauses(text: str, wrapped: bool = False) -> list[Clause]:
    clauses = []
    for sentence in _fragments(text, wrapped):
        for part, listed in sentence:
            norm = normalize(part)
            raw = norm.split()
            compact = norm.replace(" ", "")
            latin = [w for w in raw if not CJK.search(w)]
            clauses.append(
                Clause(
                    text=part,
                    words=tuple(stem(w) for w in latin),
                    raw=tuple(latin),
                    compact=compact,
                    negations=negations(latin, compact),
                    denial=denial(latin, compact),
                    statement=not listed and _is_statement(raw, compact),
                    pronoun=any(w in _PRONOUNS for w in latin)
                    or bool(raw and raw[0] in _CONTINUES)
                    or bool(_ZH_PRONOUN.search(compact)),
                )
            )
    return clauses
