"""Build ``data/`` from the research material in ``../shared/data`` (run once, by hand).

This script is provenance, not part of the package: it documents exactly how each row of
``data/trade.csv``, ``data/park.csv``, ``data/exchanges.csv``, ``data/events.csv`` and
``data/sources.csv`` was derived from the sourced material, so that a reader can repeat it.
Nothing here estimates or interpolates: values are copied (IMF values are multiplied by 1e6 to
turn US$ millions into US$, nothing else). Every quote of a hand-listed row is checked against
the research file or the seed article when the script runs.

Usage:  python scripts/build_data.py ../shared/data
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

ARTICLE_ID = "article-2023-03-03"
IMF_IDS = {
    "Belarus, Rep. of": "imf-dots-blr",
    "China, P.R.: Mainland": "imf-dots-chn",
}
ISO = {"Belarus, Rep. of": "BLR", "China, P.R.: Mainland": "CHN"}
FLOW = {"Exports, FOB": ("export", "FOB"), "Imports, CIF": ("import", "CIF")}

# Part-year notes in trade_statements.csv -> the named period used in data/trade.csv.
PERIODS = [
    (r"January-June", "Jan-Jun"),
    (r"January-July", "Jan-Jul"),
    (r"January-May", "Jan-May"),
    (r"January-August", "Jan-Aug"),
    (r"January-September", "Jan-Sep"),
    (r"January-November", "Jan-Nov"),
    (r"January-April", "Jan-Apr"),
]

SKIP_REASONS = {
    # (year, reporter, flow, value) -> why the statement is not a row of trade.csv
    # It is kept in the claims ledger instead; here we only record goods trade.
    ("2021", "BLR", "total", "5900000000"): "may include services ('внешнеторговый оборот'), low reliability",
}


def _slug(url: str, outlet: str) -> str:
    host = urlparse(url).netloc.lower() if url else ""
    host = re.sub(r"^(www\.|eng\.|en\.|deu\.|big5\.|spanish\.|portuguese\.|ysln\.)", "", host)
    host = host.split(":")[0]
    base = host.replace(".", "-") if host else re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")
    return base or "source"


def _date_text(raw: str) -> tuple[str, str]:
    """Split a research-file date into (ISO partial date or '', note)."""
    raw = raw.strip()
    if raw == "unknown":
        return "", ""
    m = re.match(r"^(~?\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(.*)$", raw)
    if not m:
        raise ValueError(f"unparsed date {raw!r}")
    return m.group(1), m.group(2).strip("() ")


class SourceBook:
    """Assign one source_id per (url, quote) pair, readable and stable."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.by_key: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()

    def add(self, row: dict[str, str], key: tuple[str, str] | None = None, sid: str | None = None) -> str:
        key = key or (row["url"], row["quote"])
        if key in self.by_key:
            return self.by_key[key]
        if sid is None:
            date, _ = _date_text(row["published"]) if row["published"] else ("", "")
            stem = _slug(row["url"], row["publisher"]) + "-" + (date.lstrip("~") or "undated")
            sid, n = stem, 1
            while sid in self.used:
                n += 1
                sid = f"{stem}-{chr(ord('a') + n - 1)}"
        self.used.add(sid)
        self.by_key[key] = sid
        self.rows.append({"source_id": sid, **row})
        return sid


def statement_source(book: SourceBook, r: dict[str, str], extra_note: str = "") -> str:
    published, date_note = _date_text(r["source_date"])
    note = "; ".join(x for x in [date_note, extra_note] if x)
    return book.add(
        {
            "publisher": r["source_outlet"],
            "title": "",
            "url": r["source_url"],
            "published": published,
            "accessed": "",
            "quote": r["quote"],
            "reliability": r["reliability"],
            "note": note,
        }
    )


# --- exchanges.csv and events.csv -------------------------------------------------------------
# Hand-listed from shared/data/statements/NOTES.md (sections 3-8, the rows with a URL and a
# verbatim quote) and from the seed article. Each NOTES source is (outlet, date as printed in
# NOTES.md, url, verbatim quote, reliability, speaker/side); reliability follows the research
# file's triage (high: official outlet with explicit attribution; medium: state media, wire copy
# and reprints by news sites; low: mirrors, content aggregators, undated reprints). Every quote is
# checked against NOTES.md (and the article's against the article) when the script runs.
NOTES_SOURCES: dict[str, tuple[str, str, str, str, str, str]] = {
    "semiramis-2011": (
        "semiramistour.com (reprint of 'Allures of enlightment')",
        "2012-03-02",
        "http://semiramistour.com/news/92.html",
        "In 2011, about 2,000 Chinese students attended higher educational institutions in Belarus, "
        "with 1,500 taught in Minsk.",
        "low",
        "BLR; reprint on a travel-agency site",
    ),
    "newsby-students-2019-02": (
        "news.by (English)",
        "2019-02-20 (as displayed)",
        "https://news.by/eng/news/politika/dlya_izucheniya_nashey_strany_i_kultury_v_kitae_v_etom_godu_otkroyutsya"
        "_dva_novykh_tsentra",
        "In total, more than 2 thousand students from the People's Republic of China study in Belarusian "
        "universities, and almost a thousand Belarusians study in China.",
        "medium",
        "BLR (Amb. K. Rudy / MFA)",
    ),
    "newsby-students-2019-03": (
        "news.by (English)",
        "2019-03-13 (as displayed)",
        "https://news.by/eng/news/obshchestvo/belarus_i_kitay_gotovyat_soglashenie_o_vzaimnom_priznanii_dokumentov"
        "_ob_obrazovanii",
        "Now, almost 3,300 Chinese students study in Belarusian universities.",
        "medium",
        "BLR (Education Minister I. Karpenko)",
    ),
    "newsby-students-2019": (
        "news.by (English)",
        "2019-12-13 (as displayed)",
        "https://news.by/eng/news/obshchestvo/v_minske_podveli_itogi_goda_obrazovaniya_belarusi_v_kitae",
        "More than 4000 students from China studied in our country in 2019 and more than a thousand Belarusians "
        "received knowledge in the PRC",
        "medium",
        "BLR; news.by shows 2019-12-13 on many later pages too (research-file caveat)",
    ),
    "newsby-ci-2019": (
        "news.by (English)",
        "2019-12-13 (as displayed)",
        "https://news.by/eng/news/obshchestvo/v_minske_podveli_itogi_goda_obrazovaniya_belarusi_v_kitae",
        "The sixth Confucius Institute was established here last year.",
        "medium",
        "CHN (Amb. Cui Qiming); news.by shows 2019-12-13 on many later pages too (research-file caveat)",
    ),
    "newsby-bsu-2025": (
        "news.by (Russian)",
        "~2025-09-23",
        "https://news.by/news/obshchestvo/li-si-rasskazali-o-dostizheniyakh-rikk-bgu",
        "на текущий момент в БГУ обучаются порядка 4 тыс. китайских студентов, из них около 120 - аспиранты.",
        "medium",
        "BLR (BSU rector A. Korol)",
    ),
    "21by-2011": (
        "21.by (BelTA)",
        "2011-09-18",
        "http://m.21.by/society/2011/09/18/370256.html",
        "На базе Минского государственного лингвистического университета открыт второй институт Конфуция",
        "medium",
        "BLR (BelTA via 21.by)",
    ),
    "21by-2011-first": (
        "21.by (BelTA)",
        "2011-09-18",
        "http://m.21.by/society/2011/09/18/370256.html",
        "Первый институт китаеведения имени Конфуция был открыт в БГУ в 2007 году",
        "medium",
        "BLR (BelTA via 21.by)",
    ),
    "handmsg-2014": (
        "handmsg.com (reprint of BSU rector's article)",
        "2014-04-29",
        "http://www.handmsg.com/page/2014/0429/25345797.shtml",
        "這也是2006年末我們在白俄羅斯國立大學建立孔子學院的原因,那是白俄羅斯的第一所孔子學院。",
        "low",
        "BLR (BSU rector); reprint on an unrelated host",
    ),
    "hanban-2017-gomel": (
        "Hanban (english.hanban.org)",
        "2017-12-27",
        "http://english.hanban.org/article/2017-12/27/content_713350.htm",
        "On December 20th, the Republic of Belarus established its fourth Confucius Institute in Gomel",
        "high",
        "CHN (Hanban)",
    ),
    "hanban-2017-classroom": (
        "Hanban (english.hanban.org)",
        "2017-12-27",
        "http://english.hanban.org/article/2017-12/27/content_713350.htm",
        "some universities in Belarus have successively set up three Confucius Institutes and a Confucius "
        "Classroom in Minsk",
        "high",
        "CHN (Hanban)",
    ),
    "govcn-2019": (
        "Xinhua via gov.cn",
        "2019-05-25",
        "http://big5.www.gov.cn/gate/big5/www.gov.cn/xinwen/2019-05/25/content_5394744.htm",
        "目前白全國共有4所孔子學院和兩所孔子課堂,學員累計超過兩萬人",
        "high",
        "CHN (Xinhua)",
    ),
    "belta-brest-ci": (
        "BelTA (English)",
        "2020-11-04",
        "https://eng.belta.by/society/view/confucius-institute-opens-in-brest-134748-2020",
        "A Confucius Institute has opened at Pushkin Brest State University",
        "high",
        "BLR (BelTA)",
    ),
    "caliber-1995": (
        "Caliber.az (English)",
        "unknown",
        "https://caliber.az/en/post/belarus-looks-east-minsk-beijing-cooperation-in-focus",
        "the third country Alexander Lukashenko visited as president was China. This took place in January "
        "1995, six months after he took office.",
        "medium",
        "side unknown",
    ),
    "sb-2005": (
        "SB. Belarus Segodnya (sb.by)",
        "~2005-12",
        "https://www.sb.by/articles/minsk-beijing-moving-towards-each-other.html",
        "This has been the fifth visit of Alexander Lukashenko to China",
        "low",
        "BLR; date inferred (met Hu Jintao)",
    ),
    "dyxywl-2013": (
        "dyxywl.com (reprint of Chinese press)",
        "unknown",
        "http://dyxywl.com/news/show-574.html",
        "這是盧卡申科作為白俄羅斯總統第7次來華訪問",
        "low",
        "CHN outlet (reprint); page undated",
    ),
    "belarusdigest-2015": (
        "Belarus Digest",
        "~2015-09",
        "https://belarusdigest.com/story/china-as-an-epic-failure-of-belarusian-foreign-policy/",
        "A week before this announcement, he had gone to China for his eighth visit to Beijing.",
        "medium",
        "independent (Belarus Digest)",
    ),
    "belta-2023-12-visits": (
        "BelTA (English)",
        "2023-02-28",
        "https://eng.belta.by/president/view/lukashenko-off-to-china-on-state-visit-156952-2023/",
        "In the capacity of the president of Belarus, Aleksandr Lukashenko has visited China 12 times.",
        "high",
        "BLR (BelTA)",
    ),
    "guangming-2023": (
        "breakinglatest.news (reprint of Guangming)",
        "2023-03-03",
        "https://www.breakinglatest.news/news/head-of-state-diplomacy%E4%B8%A8china-and-belarus-build-all-weather"
        "-friendship-in-this-way_guangming-com/",
        "This visit to China is Lukashenko’s 13th visit to China or attending activities in China since he was "
        "elected president in 1994.",
        "low",
        "CHN (Guangming, via breakinglatest.news); the same text as the seed article",
    ),
    "newsby-2023-12": (
        "news.by (English)",
        "~2023-12-04",
        "https://news.by/eng/news/politika/vsepogodnyy_vsestoronniy_i_strategicheskiy_kharakter_otnosheniy"
        "_podtverdili_na_vstreche_v_pekine_lid",
        "President of Belarus Alexander Lukashenko is in China on a working visit for the second time this year "
        "and the fourteenth time.",
        "medium",
        "BLR",
    ),
    "aelogo-2025": (
        "aelogo.cn (content aggregator)",
        "2025-06-04",
        "https://aelogo.cn/shenghuo/6069.html",
        "卢卡申科正式开启了就任以来的第13次访华之旅",
        "low",
        "side unknown; content aggregator",
    ),
    "dzen-2022-meetings": (
        "Dzen (reprint of BelTA)",
        "2022-09-15",
        "https://dzen.ru/a/YyM05UYwzwgPthrb",
        "Примечательно, что главы двух государств встречались 11 раз.",
        "medium",
        "BLR (BelTA via Dzen)",
    ),
    "belta-chn-2023": (
        "BelTA (Chinese service)",
        "2023-03-02",
        "https://chn.belta.by/president/view/-20491-2023/",
        "这也是第13次中国国家主席习近平与卢卡申科总统会面",
        "high",
        "BLR (BelTA, Chinese service)",
    ),
    "belaruschina-2021": (
        "belaruschina.by",
        "2021",
        "http://www.belaruschina.by/en/news/2021/",
        "we are grateful to Chinese people for sending us 100,000 doses of the coronavirus vaccine free of "
        "charge in February this year",
        "medium",
        "BLR speaker; URL is the site's 2021 news index",
    ),
    "shopami-2021": (
        "shop-ami.ru (reprint of BelTA)",
        "~2021-11",
        "http://shop-ami.ru/?p=51817",
        "В прошлый раз это были 400 тысяч доз препарата.",
        "low",
        "BLR (BelTA via shop-ami.ru); reprint on an unrelated host",
    ),
    "urdupoint-2021-11": (
        "UrduPoint (Sputnik)",
        "2021-11-11",
        "https://www.urdupoint.com/en/world/total-of-15-mln-doses-of-chinas-coronavirus-1398120.html",
        "Of the 1.5 million doses, 1 million was bought by the ministry from China, and 500,000 doses, as "
        "well as 500,000 syringes, were donated to Minsk.",
        "medium",
        "BLR (Health Ministry), wire copy",
    ),
    "urdupoint-2021-11-batches": (
        "UrduPoint (Xinhua)",
        "2021-11-12",
        "https://www.urdupoint.com/en/health/belarus-receives-new-batch-of-chinese-covid-1-1399136.html",
        "Xie noted that the Chinese government has provided Belarus with four batches of coronavirus vaccines",
        "medium",
        "CHN (Amb. Xie Xiaoyong), wire copy",
    ),
    "motolko-2021": (
        "Motolko.help",
        "~2022",
        "https://motolko.help/en-news/belarus-received-3-4-million-doses-of-coronavirus-vaccine-from-china/",
        "The 3.4 million doses include 1.4 million doses delivered as humanitarian aid, and 2 million doses "
        "purchased under commercial contracts.",
        "medium",
        "BLR (MFA annual report)",
    ),
    "urdupoint-2022-01": (
        "UrduPoint (Sputnik)",
        "2022-01-20",
        "https://www.urdupoint.com/en/world/belarus-to-receive-3mln-doses-of-covid-19-vac-1452451.html",
        "1.5 million doses were purchased by Belarusian Health Ministry from China, and the other 1.5 million "
        "doses were donated by the Chinese side as foreign grants",
        "medium",
        "BLR (Health Ministry), wire copy",
    ),
    "shopami-planned": (
        "shop-ami.ru (reprint of STV)",
        "unknown",
        "http://shop-ami.ru/?p=55314",
        "Белорусские власти направят в Китай самолёт, который доставит в республику 2,6 миллиона доз вакцины "
        "от COVID-19",
        "low",
        "BLR (STV via shop-ami.ru); undated reprint",
    ),
    "belta-2022-11-batch": (
        "BelTA (English)",
        "2022-11-10",
        "https://eng.belta.by/society/view/china-donates-2m-doses-of-covid-19-vaccine-to-belarus-154519-2022",
        "The humanitarian aid includes 2 million doses of COVID-19 vaccine Vero Cell made by Sinopharm and 2 "
        "million disposable syringes.",
        "high",
        "BLR (embassy in China)",
    ),
    "belta-2022-11-total": (
        "BelTA (English)",
        "2022-11-10",
        "https://eng.belta.by/society/view/china-donates-2m-doses-of-covid-19-vaccine-to-belarus-154519-2022",
        "All in all, in 2021-2022 China gave Belarus about 5 million doses of the vaccine as humanitarian aid "
        "(including this batch). Belarus purchased another 4.6 million doses.",
        "high",
        "BLR (embassy in China)",
    ),
    "sb-2022-11": (
        "SB. Belarus Segodnya (English)",
        "2022-11-14",
        "https://www.sb.by/en/china-to-send-2m-more-doses-of-coronavirus-vaccine-to-belarus.html",
        "Belarus has also purchased more than 4.6m doses from its partners.",
        "medium",
        "BLR (embassy in China)",
    ),
    "charter97-2018": (
        "Charter97 (English), citing BelTA",
        "2018-05-25",
        "https://charter97.org/en/news/2018/5/25/291242/",
        "In 2017, over 3,200 Chinese travelers bought package tours to Belarus, a nearly two-time increase from "
        "a year earlier.",
        "medium",
        "BLR (PM A. Kobyakov)",
    ),
    "imsilkroad-2018": (
        "Xinhua via imsilkroad.com",
        "~2018-05-08",
        "https://en.imsilkroad.com/p/95104.html",
        "More than 20,000 tourists from China visited Belarus in 2017.",
        "medium",
        "BLR (parliament speaker M. Myasnikovich)",
    ),
    "officelife": (
        "Office Life (officelife.media)",
        "unknown",
        "https://officelife.media/news/45407-vlasti-kitaya-snyali-ogranicheniya-na-gruppovye-poezdki-svoikh"
        "-grazhdan-v-belarus",
        "По данным белорусской статистики, в 2018 году нашу страну посетило 3277 китайских туристов, а в "
        "2019-м — 5621.",
        "medium",
        "BLR (Belstat)",
    ),
    "euroradio-visa": (
        "Euroradio",
        "~2018-07",
        "https://euroradio.fm/en/visa-free-regime-between-belarus-and-china-kicks-10-august",
        "The intergovernmental agreement on the visa-free travel by the ordinary passport holders will come "
        "into force on 10 August",
        "medium",
        "BLR (Amb. K. Rudy)",
    ),
    "intermodal-2011-2017": (
        "Intermodal News (intermodalnews.eu)",
        "2022-01-19",
        "https://intermodalnews.eu/2022/01/19/belarus-sets-new-record-in-moving-containers-between-china-and-europe/",
        "In a period between 2011 and 2017, this type of freight showed a growth of 100 times, namely from "
        "2,500 to 257,000 TEU.",
        "medium",
        "BLR (Belarusian Railway, via trade press)",
    ),
    "intermodal-2020": (
        "Intermodal News (intermodalnews.eu)",
        "2022-01-19",
        "https://intermodalnews.eu/2022/01/19/belarus-sets-new-record-in-moving-containers-between-china-and-europe/",
        "In 2020, the Belarusian Railway handled a remarkable volume of boxes, slightly more than 1 million TEU.",
        "medium",
        "BLR (Belarusian Railway, via trade press)",
    ),
    "intermodal-2021": (
        "Intermodal News (intermodalnews.eu)",
        "2022-01-19",
        "https://intermodalnews.eu/2022/01/19/belarus-sets-new-record-in-moving-containers-between-china-and-europe/",
        "moved around 930,000 TEU containers from China to Europe and back in 2021, which is the record volume "
        "for the company.",
        "medium",
        "BLR (Belarusian Railway, via trade press)",
    ),
    "intermodal-2021-trains": (
        "Intermodal News (intermodalnews.eu)",
        "2022-01-19",
        "https://intermodalnews.eu/2022/01/19/belarus-sets-new-record-in-moving-containers-between-china-and-europe/",
        "Almost 25 container trains of this type run via Belarus daily.",
        "medium",
        "BLR (Belarusian Railway, via trade press)",
    ),
    "seanews-2023": (
        "SeaNews",
        "2024-01-19",
        "https://seanews.ru/en/2024/01/19/en-belarussian-railway-carries-more-than-a-million-teu-in-2023",
        "More than 1.5 thousand block trains were sent to China, up 50% year-on-year, including block trains "
        "that ran to Russian sea ports for further delivery to China.",
        "medium",
        "BLR (Belarusian Railway)",
    ),
    "interfax-belgee": (
        "Interfax (Russian)",
        "2024-01-31",
        "https://interfax.ru/world/943899",
        'СЗАО "БелДжи" было создано в декабре 2011 года.',
        "medium",
        "side unknown (Interfax)",
    ),
    "kresy24-edict": (
        "Kresy24.pl",
        "~2012-06",
        "https://kresy24.pl/lukaszenka-zatwierdzil-chinska-inwestycje",
        "na powierzchni ponad 8 tys. hektarów powstanie specjalna strefa ekonomiczna.",
        "medium",
        "",
    ),
}

# (as_of, date_inferred, metric, value, unit, qualifier, NOTES source key, note)
NOTES_EXCHANGE_ROWS: list[tuple[str, str, str, str, str, str, str, str]] = [
    # Chinese students in Belarus (three different figures within 2019 are all kept)
    (
        "2011",
        "false",
        "chinese_students_in_belarus",
        "2000",
        "students",
        "about",
        "semiramis-2011",
        "at higher educational institutions; 1,500 of them in Minsk",
    ),
    (
        "2019-02",
        "false",
        "chinese_students_in_belarus",
        "2000",
        "students",
        "over",
        "newsby-students-2019-02",
        "date as displayed (20 Feb 2019); conflicts with 'almost 3,300' (Mar 2019) and '>4,000 in 2019'",
    ),
    (
        "2019-03",
        "false",
        "chinese_students_in_belarus",
        "3300",
        "students",
        "nearly",
        "newsby-students-2019-03",
        "date as displayed (13 Mar 2019); conflicts with '>2,000' (Feb 2019) and '>4,000 in 2019'",
    ),
    (
        "2019",
        "false",
        "chinese_students_in_belarus",
        "4000",
        "students",
        "over",
        "newsby-students-2019",
        "students who studied in Belarus during 2019; conflicts with '>2,000' (Feb) and 'almost 3,300' (Mar 2019)",
    ),
    (
        "2025-09",
        "true",
        "chinese_students_at_bsu",
        "4000",
        "students",
        "about",
        "newsby-bsu-2025",
        "Belarusian State University only; about 120 of them postgraduates",
    ),
    # Confucius Institutes and classrooms
    (
        "2011-09",
        "true",
        "confucius_institutes_count",
        "2",
        "institutes",
        "exact",
        "21by-2011",
        "'the second Confucius Institute' opened at Minsk State Linguistic University; date = publication",
    ),
    (
        "2017-12",
        "true",
        "confucius_classrooms_count",
        "1",
        "classrooms",
        "exact",
        "hanban-2017-classroom",
        "'a Confucius Classroom in Minsk', counted before the fourth institute opened on 20 Dec 2017",
    ),
    (
        "2017-12-20",
        "false",
        "confucius_institutes_count",
        "4",
        "institutes",
        "exact",
        "hanban-2017-gomel",
        "the fourth opened in Gomel",
    ),
    (
        "2019-05-25",
        "false",
        "confucius_institutes_count",
        "4",
        "institutes",
        "exact",
        "govcn-2019",
        "the Brest agreement signed that day was for a fifth; conflicts with 'the sixth ... established last year' "
        "(end-2019)",
    ),
    ("2019-05-25", "false", "confucius_classrooms_count", "2", "classrooms", "exact", "govcn-2019", ""),
    (
        "2019-05-25",
        "false",
        "confucius_learners_cumulative",
        "20000",
        "learners",
        "over",
        "govcn-2019",
        "all learners since the first institute",
    ),
    (
        "2019-12",
        "true",
        "confucius_institutes_count",
        "6",
        "institutes",
        "exact",
        "newsby-ci-2019",
        "'the sixth Confucius Institute was established here last year'; end-2019 per the research file; "
        "conflicts with 4 institutes in May 2019",
    ),
    # Lukashenko's visits to China (ordinal counts) and Xi-Lukashenko meetings
    (
        "1995-01",
        "false",
        "lukashenko_visit_ordinal",
        "1",
        "nth visit to China as president",
        "exact",
        "caliber-1995",
        "the first visit as president: China was the third country he visited, in January 1995",
    ),
    (
        "2005-12",
        "true",
        "lukashenko_visit_ordinal",
        "5",
        "nth visit to China as president",
        "exact",
        "sb-2005",
        "met Hu Jintao; month inferred by the research file",
    ),
    (
        "2013-07",
        "true",
        "lukashenko_visit_ordinal",
        "7",
        "nth visit to China as president",
        "exact",
        "dyxywl-2013",
        "month as given by the research file; the reprint is undated",
    ),
    (
        "2015-09",
        "true",
        "lukashenko_visit_ordinal",
        "8",
        "nth visit to China as president",
        "exact",
        "belarusdigest-2015",
        "'eighth visit to Beijing'; month inferred from the article",
    ),
    (
        "2023-02-28",
        "false",
        "lukashenko_visits_completed",
        "12",
        "visits to China as president",
        "exact",
        "belta-2023-12-visits",
        "visits before the state visit that began on 28 Feb 2023",
    ),
    (
        "2023-03-01",
        "false",
        "lukashenko_visit_ordinal",
        "13",
        "nth visit to China as president",
        "exact",
        "guangming-2023",
        "state visit of 28 Feb-2 Mar 2023 (talks on 1 March); counts 'visits or attending activities'",
    ),
    (
        "2023-12",
        "true",
        "lukashenko_visit_ordinal",
        "14",
        "nth visit to China as president",
        "exact",
        "newsby-2023-12",
        "working visit; the second visit in 2023",
    ),
    (
        "2025-06",
        "false",
        "lukashenko_visit_ordinal",
        "13",
        "nth visit to China as president",
        "exact",
        "aelogo-2025",
        "content aggregator; conflicts with the official counting (13th = Feb-Mar 2023, 14th = Dec 2023)",
    ),
    (
        "2022-09-15",
        "false",
        "xi_lukashenko_meetings_count",
        "11",
        "meetings",
        "exact",
        "dzen-2022-meetings",
        "meetings of the two heads of state up to the Samarkand meeting",
    ),
    (
        "2023-03-01",
        "false",
        "xi_lukashenko_meeting_ordinal",
        "13",
        "nth meeting",
        "exact",
        "belta-chn-2023",
        "talks in Beijing during the state visit",
    ),
    # COVID-19 vaccine deliveries from China (donated and purchased parts as the sources split them)
    (
        "2021-02",
        "false",
        "vaccine_batch_doses_donated",
        "100000",
        "doses",
        "exact",
        "belaruschina-2021",
        "free of charge",
    ),
    (
        "2021",
        "true",
        "vaccine_batch_doses_donated",
        "400000",
        "doses",
        "exact",
        "shopami-2021",
        "'last time' before the Nov 2021 batch; humanitarian per the research file; month not stated",
    ),
    (
        "2021-11",
        "false",
        "vaccine_batch_doses_donated",
        "500000",
        "doses",
        "exact",
        "urdupoint-2021-11",
        "donated part of a 1.5m-dose batch, plus 500,000 syringes",
    ),
    (
        "2021-11",
        "false",
        "vaccine_batch_doses_purchased",
        "1000000",
        "doses",
        "exact",
        "urdupoint-2021-11",
        "bought by the Health Ministry from China; part of a 1.5m-dose batch",
    ),
    (
        "2021-11-11",
        "false",
        "vaccine_donated_batches",
        "4",
        "batches",
        "exact",
        "urdupoint-2021-11-batches",
        "batches of vaccine provided by the Chinese government so far",
    ),
    (
        "2021",
        "false",
        "vaccine_doses_donated_in_year",
        "1400000",
        "doses",
        "exact",
        "motolko-2021",
        "MFA annual report; the identifiable 2021 batches add up to 1.0m (research file, derived)",
    ),
    (
        "2021",
        "false",
        "vaccine_doses_purchased_in_year",
        "2000000",
        "doses",
        "exact",
        "motolko-2021",
        "MFA annual report; under commercial contracts",
    ),
    (
        "2021",
        "false",
        "vaccine_doses_received_in_year",
        "3400000",
        "doses",
        "exact",
        "motolko-2021",
        "MFA annual report; 1.4m aid + 2m purchased",
    ),
    (
        "2022-01-21",
        "false",
        "vaccine_batch_doses_donated",
        "1500000",
        "doses",
        "exact",
        "urdupoint-2022-01",
        "'foreign grants'; part of a 3m-dose delivery",
    ),
    (
        "2022-01-21",
        "false",
        "vaccine_batch_doses_purchased",
        "1500000",
        "doses",
        "exact",
        "urdupoint-2022-01",
        "bought by the Health Ministry; part of a 3m-dose delivery",
    ),
    (
        "2022-11",
        "true",
        "vaccine_batch_doses_planned",
        "2600000",
        "doses",
        "exact",
        "shopami-planned",
        "announced flight in November, year not shown (probably 2022, research file); conflicts with the 2m "
        "delivered on 9 Nov 2022",
    ),
    (
        "2022-11-09",
        "false",
        "vaccine_batch_doses_donated",
        "2000000",
        "doses",
        "exact",
        "belta-2022-11-batch",
        "Sinopharm Vero Cell, plus 2 million syringes",
    ),
    (
        "2022-11-10",
        "false",
        "vaccine_doses_donated_cumulative",
        "5000000",
        "doses",
        "about",
        "belta-2022-11-total",
        "2021-2022 including the 9 Nov 2022 batch; the individually reported donations "
        "add up to 4.5m (research file, derived)",
    ),
    (
        "2022-11-10",
        "false",
        "vaccine_doses_purchased_cumulative",
        "4600000",
        "doses",
        "exact",
        "belta-2022-11-total",
        "'another 4.6 million' purchased in 2021-2022",
    ),
    (
        "2022-11-14",
        "false",
        "vaccine_doses_purchased_cumulative",
        "4600000",
        "doses",
        "over",
        "sb-2022-11",
        "'from its partners' (not only China)",
    ),
    # Chinese tourists (different metrics: package tours, visitors, Belstat count)
    (
        "2017",
        "false",
        "chinese_tourists_package_tours",
        "3200",
        "tourists",
        "over",
        "charter97-2018",
        "bought package tours; about twice 2016",
    ),
    (
        "2017",
        "false",
        "chinese_tourists_visited",
        "20000",
        "tourists",
        "over",
        "imsilkroad-2018",
        "a different metric from the package-tour count of the same year",
    ),
    ("2018", "false", "chinese_tourists_belstat", "3277", "tourists", "exact", "officelife", "Belstat"),
    ("2019", "false", "chinese_tourists_belstat", "5621", "tourists", "exact", "officelife", "Belstat"),
    # China-Europe rail freight via Belarus
    (
        "2011",
        "false",
        "china_eu_teu_via_belarus",
        "2500",
        "TEU",
        "exact",
        "intermodal-2011-2017",
        "China-Europe container freight via Belarus",
    ),
    (
        "2017",
        "false",
        "china_eu_teu_via_belarus",
        "257000",
        "TEU",
        "exact",
        "intermodal-2011-2017",
        "China-Europe container freight via Belarus",
    ),
    (
        "2020",
        "false",
        "belarusian_railway_teu_total",
        "1000000",
        "TEU",
        "over",
        "intermodal-2020",
        "all containers handled by the Belarusian Railway, not only China-Europe",
    ),
    (
        "2021",
        "false",
        "china_eu_teu_via_belarus",
        "930000",
        "TEU",
        "about",
        "intermodal-2021",
        "China-Europe and back (both directions); a record",
    ),
    (
        "2021",
        "false",
        "china_eu_trains_via_belarus_per_day",
        "25",
        "trains per day",
        "nearly",
        "intermodal-2021-trains",
        "China-Europe container trains",
    ),
    (
        "2023",
        "false",
        "block_trains_belarus_to_china",
        "1500",
        "trains",
        "over",
        "seanews-2023",
        "+50% on 2022; includes block trains to Russian sea ports for delivery to China",
    ),
]

# The seed article's own figures: (as_of, date_inferred, metric, value, unit, qualifier, quote, context).
ARTICLE_EXCHANGE_ROWS: list[tuple[str, str, str, str, str, str, str, str]] = [
    (
        "2023-03",
        "true",
        "chinese_students_in_belarus",
        "7000",
        "students",
        "over",
        "the number of Chinese students studying in Belarus has exceeded 7,000",
        "at publication; found in no other source (the largest elsewhere is '>4,000 in 2019')",
    ),
    (
        "2023-03",
        "true",
        "confucius_institutes_count",
        "6",
        "institutes",
        "exact",
        "China has opened 6 Confucius Institutes and 2 Confucius Classrooms in Belarus",
        "at publication",
    ),
    (
        "2023-03",
        "true",
        "confucius_classrooms_count",
        "2",
        "classrooms",
        "exact",
        "China has opened 6 Confucius Institutes and 2 Confucius Classrooms in Belarus",
        "at publication",
    ),
    (
        "2023-03-01",
        "false",
        "lukashenko_visit_ordinal",
        "13",
        "nth visit to China as president",
        "exact",
        "This visit to China is Lukashenko’s 13th visit to China or attending activities in China since he was "
        "elected president in 1994",
        "the state visit during which the talks of 'March 1' were held",
    ),
    (
        "2023-03",
        "true",
        "happy_chinese_new_year_consecutive_years",
        "9",
        "years",
        "exact",
        "event has been held in Belarus for nine consecutive years",
        "'Happy Chinese New Year'; at publication",
    ),
    (
        "2023-03",
        "true",
        "anti_epidemic_supplies_to_china",
        "20",
        "tonnes",
        "exact",
        "the Belarusian Il-76 special plane transported 20 tons of anti-epidemic supplies to China",
        "flown 'at the beginning of the outbreak' (not dated in the article); as_of is the publication month",
    ),
    (
        "2023-03",
        "true",
        "vaccine_and_supply_batches_from_china",
        "7",
        "batches",
        "exact",
        "the Chinese government successively delivered seven batches of vaccines and prevention and control "
        "supplies to Belarus",
        "vaccines and other supplies together; at publication",
    ),
    (
        "2022-12-19",
        "false",
        "translation_contest_edition",
        "7",
        "nth contest",
        "exact",
        "On December 19, 2022, the 7th “Belt and Road” Science and Technology Translation Contest ended successfully",
        "held in the China-Belarus Industrial Park",
    ),
]

# (date, label, description, category, NOTES source key or ARTICLE_ID, verbatim quote for the article)
EVENT_ROWS: list[tuple[str, str, str, str, str, str]] = [
    (
        "1992-01",
        "Diplomatic relations established",
        "China and Belarus establish diplomatic relations (month as given in the article).",
        "diplomacy",
        ARTICLE_ID,
        "Since the establishment of diplomatic relations in January 1992",
    ),
    (
        "1995-01",
        "Lukashenko's first visit to China as president",
        "China is the third country Lukashenko visits as president, six months after taking office.",
        "visit",
        "caliber-1995",
        "",
    ),
    (
        "2006",
        "First Confucius Institute, BSU (per BSU rector)",
        "The BSU rector dates the first Confucius Institute, at Belarusian State University, to the end of 2006; "
        "BelTA says 2007 (both kept).",
        "other",
        "handmsg-2014",
        "",
    ),
    (
        "2007",
        "First Confucius Institute, BSU (per BelTA)",
        "BelTA dates the opening of the first Confucius Institute, at BSU, to 2007; the BSU rector says the end "
        "of 2006 (both kept).",
        "other",
        "21by-2011-first",
        "",
    ),
    (
        "2011-12",
        "BelGee (Geely Belarus) joint venture created",
        "The car-making joint venture BelGee is created.",
        "other",
        "interfax-belgee",
        "",
    ),
    (
        "2012-06-05",
        "Edict establishing the Great Stone park",
        "Lukashenko's edict of 5 June 2012 (date as recorded in the research file) creates a special economic "
        "zone of over 8,000 ha for the China-Belarus Industrial Park.",
        "park",
        "kresy24-edict",
        "",
    ),
    (
        "2015-05",
        "Xi Jinping state visit to Belarus",
        "Xi Jinping pays a state visit to Belarus.",
        "visit",
        ARTICLE_ID,
        "In May 2015, President Xi Jinping paid a state visit to Belarus.",
    ),
    (
        "2015-05",
        "Friendship and Cooperation Treaty signed",
        "During Xi's state visit the two presidents sign the China-Belarus Friendship and Cooperation Treaty.",
        "agreement",
        ARTICLE_ID,
        "signed the China-Belarus Friendship and Cooperation Treaty",
    ),
    (
        "2015-05-12",
        "Xi and Lukashenko inspect the industrial park",
        "Xi Jinping, Peng Liyuan and Lukashenko inspect the China-Belarus Industrial Park; the two heads of "
        "state sign the blueprint for its development.",
        "park",
        ARTICLE_ID,
        "May 12, 2015 was a very encouraging day for the builders of the China-Belarus Industrial Park.",
    ),
    (
        "2017-12-20",
        "Fourth Confucius Institute opens, Gomel",
        "Belarus's fourth Confucius Institute is established in Gomel.",
        "other",
        "hanban-2017-gomel",
        "",
    ),
    (
        "2018-08-10",
        "Visa-free travel agreement in force",
        "The intergovernmental agreement on visa-free travel for ordinary passport holders enters into force.",
        "agreement",
        "euroradio-visa",
        "",
    ),
    (
        "2020-11",
        "Confucius Institute opens in Brest",
        "A Confucius Institute opens at Pushkin Brest State University (reported by BelTA on 4 Nov 2020).",
        "other",
        "belta-brest-ci",
        "",
    ),
    (
        "2022-09",
        "All-weather comprehensive strategic partnership",
        "Xi and Lukashenko meet in Samarkand and upgrade relations to an all-weather comprehensive strategic "
        "partnership ('last September' in the article of March 2023).",
        "diplomacy",
        ARTICLE_ID,
        "Last September, President Xi Jinping and President Lukashenko met in Samarkand and jointly "
        "decided to upgrade China-Belarus relations to an all-weather comprehensive strategic partnership",
    ),
    (
        "2022-11-04",
        "Amino-acid complex commissioned, Minsk Oblast",
        "Commissioning of the full-cycle high-tech agro-industrial complex of the Belarusian National "
        "Biotechnology Company, built by a Chinese company.",
        "other",
        ARTICLE_ID,
        "On November 4, 2022, the Belarusian National Biotechnology Company’s full-circle high-tech "
        "agro-industrial complex project undertaken by a Chinese company held a commissioning ceremony",
    ),
    (
        "2022-12-19",
        "7th Belt and Road translation contest ends",
        "The 7th Belt and Road Science and Technology Translation Contest ends in the China-Belarus Industrial Park.",
        "other",
        ARTICLE_ID,
        "On December 19, 2022, the 7th “Belt and Road” Science and Technology Translation Contest "
        "ended successfully in the China-Belarus Industrial Park",
    ),
    (
        "2023-03-01",
        "Lukashenko state visit: talks with Xi in Beijing",
        "Xi Jinping holds talks with Lukashenko, on a state visit to China (his 13th visit), at the Great Hall "
        "of the People.",
        "visit",
        ARTICLE_ID,
        "On March 1, President Xi Jinping held talks with Belarusian President Alexander Lukashenko, "
        "who was on a state visit to China",
    ),
    (
        "2023-03-01",
        "Joint statement on the all-weather partnership",
        "After the talks the two presidents sign a joint statement on further developing the all-weather "
        "comprehensive strategic partnership in the new era.",
        "agreement",
        ARTICLE_ID,
        "After the talks on March 1, the two heads of state jointly signed the “Joint Statement "
        "between the People’s Republic of China and the Republic of Belarus on the Further Development of the "
        "All-Weather Comprehensive Strategic Partnership between the Two Countries in the New Era”",
    ),
    (
        "2023-12",
        "Lukashenko's 14th visit to China",
        "Lukashenko is in China on a working visit, his second of the year and fourteenth in all.",
        "visit",
        "newsby-2023-12",
        "",
    ),
]


def _notes_source(book: SourceBook, key: str, notes_text: str) -> str:
    outlet, date, url, quote, reliability, side = NOTES_SOURCES[key]
    if quote not in notes_text or url not in notes_text:
        raise ValueError(f"source {key!r}: quote or URL not found verbatim in NOTES.md")
    r = {"source_outlet": outlet, "source_date": date, "source_url": url, "quote": quote, "reliability": reliability}
    return statement_source(book, r, side)


def _precision(as_of: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(as_of)]


def exchange_and_event_rows(
    book: SourceBook, notes_text: str, seed_text: str
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Rows of exchanges.csv and events.csv; sources are appended to ``book`` (after all others)."""
    flat_seed = " ".join(seed_text.split())
    exchanges: list[dict[str, str]] = []
    for as_of, inferred, metric, value, unit, qual, key, note in NOTES_EXCHANGE_ROWS:
        exchanges.append(
            {
                "as_of": as_of,
                "as_of_precision": _precision(as_of),
                "date_inferred": inferred,
                "metric": metric,
                "value": value,
                "unit": unit,
                "qualifier": qual,
                "source_id": _notes_source(book, key, notes_text),
                "note": note,
            }
        )
    for as_of, inferred, metric, value, unit, qual, quote, context in ARTICLE_EXCHANGE_ROWS:
        if quote not in flat_seed:
            raise ValueError(f"{metric}: quote not found verbatim in the seed article")
        exchanges.append(
            {
                "as_of": as_of,
                "as_of_precision": _precision(as_of),
                "date_inferred": inferred,
                "metric": metric,
                "value": value,
                "unit": unit,
                "qualifier": qual,
                "source_id": ARTICLE_ID,
                "note": f"seed article: '{quote}'; {context}",
            }
        )
    events: list[dict[str, str]] = []
    for date, label, description, category, key, quote in EVENT_ROWS:
        if key == ARTICLE_ID:
            if quote not in flat_seed:
                raise ValueError(f"event {label!r}: quote not found verbatim in the seed article")
            sid, description = ARTICLE_ID, f"{description} Seed article: '{quote}'"
        else:
            sid = _notes_source(book, key, notes_text)
        events.append(
            {
                "date": date,
                "date_precision": _precision(date),
                "label": label,
                "description": description,
                "category": category,
                "source_id": sid,
            }
        )
    events.sort(key=lambda e: e["date"])  # stable: same-date events keep their listed order
    return exchanges, events


def main(shared: Path) -> None:
    book = SourceBook()
    book.add(
        {
            "publisher": "unnamed outlet (the seed article; outlet not given in the file)",
            "title": "",
            "url": "",
            "published": "2023-03-03",
            "accessed": "",
            "quote": "the bilateral trade volume between China and Belarus has increased from US$60.8 million at the "
            "beginning of the establishment of diplomatic relations to US$5.08 billion in 2022",
            "reliability": "medium",
            "note": "no URL known; text in shared/seed/article-2023-03-03.txt",
        },
        key=("article", ""),
        sid=ARTICLE_ID,
    )
    for name, sid in IMF_IDS.items():
        workbook = "DOTS_18.xlsx" if sid.endswith("blr") else "DOTS_40.xlsx"
        book.add(
            {
                "publisher": "International Monetary Fund (IMF), Direction of Trade Statistics",
                "title": f"Exports, FOB to / Imports, CIF from Partner Countries: {name} (US Dollars, Millions)",
                "url": "https://github.com/SamLeBlanc/Direction-of-Trade-Map/blob/"
                f"a0b40afbac7cefc59a4b35c1ebe541ac546aafad/data/DOTS/{workbook}",
                "published": "2022-02-02",
                "accessed": "2022-05-09",
                "quote": "Source: IMF, Direction of Trade Statistics",
                "reliability": "high",
                "note": "IMF DOTS workbook as downloaded by S. LeBlanc (MIT repo snapshot, commit a0b40af); "
                "published = commit that added the workbook, accessed = snapshot date",
            },
            key=("imf", sid),
            sid=sid,
        )
    book.add(
        {
            "publisher": "International Monetary Fund (IMF), Direction of Trade Statistics",
            "title": "Direction of Trade Statistics, all 234 reporter workbooks (US Dollars, Millions), 1960-2020",
            "url": "https://github.com/SamLeBlanc/Direction-of-Trade-Map/tree/"
            "a0b40afbac7cefc59a4b35c1ebe541ac546aafad/data/DOTS",
            "published": "2022-02-02",
            "accessed": "2022-05-09",
            "quote": "Source: IMF, Direction of Trade Statistics",
            "reliability": "high",
            "note": "full matrix, extracted as described in shared/data/external/imf_dots_matrix.SOURCE.md",
        },
        key=("imf", "matrix"),
        sid="imf-dots-matrix",
    )

    trade: list[dict[str, str]] = []
    with open(shared / "external" / "imf_dots_annual_leblanc.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            flow, valuation = FLOW[r["sheet"]]
            reporter = ISO[r["reporter"]]
            partner = ISO[r["partner"]]
            assert r["units"] == "US Dollars, Millions"
            for year in range(1992, 2021):
                raw = r[str(year)].strip()
                if not raw:
                    continue  # a blank cell stays missing
                # exact decimal shift: millions -> dollars, no rounding beyond float repr
                value = float(raw) * 1_000_000
                trade.append(
                    {
                        "year": str(year),
                        "reporter": reporter,
                        "partner": partner,
                        "flow": flow,
                        "value_usd": repr(value),
                        "valuation": valuation,
                        "period": "annual",
                        "qualifier": "exact",
                        "source_id": IMF_IDS[r["reporter"]],
                    }
                )

    skipped: list[str] = []
    with open(shared / "statements" / "trade_statements.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))

    # Where both flows are published for a reporter-year-period, the total is derived in code, not
    # stored: a separately published total for it (e.g. Belarus 2022 "nearly $6 billion") is a claim.
    def _period(note: str) -> str:
        return next((label for pattern, label in PERIODS if pattern in note), "annual")

    flows_seen = {(r["year"], r["reporter"], _period(r["period_note"]), r["flow"]) for r in rows}
    both_flows = {k[:3] for k in flows_seen if k[3] == "export" and (*k[:3], "import") in flows_seen}
    for r in rows:
        year = int(r["year"])
        if year <= 2020 or r["reporter"] not in {"CHN", "BLR"}:
            continue  # IMF DOTS is the backbone to 2020; unattributed figures are claims, not data
        key = (r["year"], r["reporter"], r["flow"], r["value_usd"])
        if key in SKIP_REASONS:
            skipped.append(f"{key}: {SKIP_REASONS[key]}")
            continue
        note = r["period_note"]
        period = _period(note)
        if period == "annual" and not note.startswith("calendar"):
            if "year-to-date" in note:
                skipped.append(f"{key}: year-to-date, months not stated")
                continue
        if r["flow"] == "total" and (r["year"], r["reporter"], period) in both_flows:
            skipped.append(f"{key}: total where both flows are stored (derived in code)")
            continue
        sid = statement_source(book, r)
        trade.append(
            {
                "year": r["year"],
                "reporter": r["reporter"],
                "partner": r["partner"],
                "flow": r["flow"],
                "value_usd": str(float(r["value_usd"])),
                "valuation": "unknown",
                "period": period,
                "qualifier": r["qualifier"],
                "source_id": sid,
            }
        )
    _write(DATA / "trade.csv", trade)

    park: list[dict[str, str]] = []
    with open(shared / "statements" / "park_statements.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            as_of, _ = _date_text(r["date"])
            inferred = as_of.startswith("~")
            as_of = as_of.lstrip("~")
            precision = {4: "year", 7: "month", 10: "day"}[len(as_of)]
            park.append(
                {
                    "as_of": as_of,
                    "as_of_precision": precision,
                    "date_inferred": "true" if inferred else "false",
                    "metric": r["metric"],
                    "value": r["value"],
                    "unit": r["unit"],
                    "qualifier": r["qualifier"],
                    "source_id": statement_source(book, r),
                    "note": r["note"],
                }
            )
    article_rows = [
        (
            "2023-02",
            "month",
            "false",
            "residents_count",
            "107",
            "companies",
            "exact",
            "'As of February this year, there were 107 enterprises settled in the China-Belarus Industrial Park.'",
        ),
        (
            "2022",
            "year",
            "false",
            "net_profit_growth_pct",
            "140",
            "% vs 2021",
            "exact",
            "'In 2022, the net profit of enterprises in the industrial park will increase by 140% "
            "compared with the previous year.'",
        ),
        (
            "2023-03",
            "month",
            "true",
            "declared_investment_usd",
            "1300000000",
            "USD",
            "over",
            "'the intended investment exceeds US$1.3 billion' ('at present', i.e. at publication)",
        ),
        (
            "2023-03",
            "month",
            "true",
            "industries_named",
            "6",
            "fields",
            "exact",
            "machinery manufacturing, e-commerce, new materials, traditional Chinese medicine, "
            "artificial intelligence, "
            "5G network development 'and other fields'",
        ),
    ]
    for as_of, prec, inferred, metric, value, unit, qual, note in article_rows:
        park.append(
            {
                "as_of": as_of,
                "as_of_precision": prec,
                "date_inferred": inferred,
                "metric": metric,
                "value": value,
                "unit": unit,
                "qualifier": qual,
                "source_id": ARTICLE_ID,
                "note": "seed article: " + note,
            }
        )
    _write(DATA / "park.csv", park)

    notes_text = (shared / "statements" / "NOTES.md").read_text(encoding="utf-8")
    seed_text = (shared.parent / "seed" / "article-2023-03-03.txt").read_text(encoding="utf-8")
    exchanges, events = exchange_and_event_rows(book, notes_text, seed_text)
    _write(DATA / "exchanges.csv", exchanges)
    _write(DATA / "events.csv", events)

    countries: list[dict[str, str]] = []
    with open(shared / "external" / "imf_dots_names_iso3.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["iso3"] and r["in_snapshot"] == "true":  # aliases of later vintages are skipped
                countries.append(
                    {
                        "iso3": r["iso3"],
                        "name": r["imf_name"],
                        "entity_type": r["entity_type"],
                        "source_id": "imf-dots-matrix",
                        "note": r["note"],
                    }
                )
    # Belgium-Luxembourg reported jointly until 1998; IMF leaves it unmapped, Comtrade codes it BLX.
    countries.append(
        {
            "iso3": "BLX",
            "name": "Belgium-Luxembourg",
            "entity_type": "composite",
            "source_id": "imf-dots-matrix",
            "note": "IMF name unmapped in the snapshot; BLX is UN Comtrade's code for the Belgium-Luxembourg union",
        }
    )
    countries.sort(key=lambda r: r["iso3"])
    _write(DATA / "countries.csv", countries)
    from claims_ledger import claim_rows  # scripts/ is on sys.path when this file runs

    _write(DATA / "claims.csv", claim_rows(book, statement_source, shared, notes_text, seed_text))
    _write(DATA / "sources.csv", book.rows)
    for s in skipped:
        print("skipped", s)


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
