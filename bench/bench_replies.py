"""A batch of 300 批复 documents (issue 15): the letter and the approved targets per unit.

300 generated county plans (3–6 projects of 7 indicators each, as the demo's), each
with its 文号; the Word documents of the whole batch written into one zip as the batch
download does (``documents.services.replies.replies_zip`` without the database: the
plans are built in memory), wall and CPU time; and the PDF of a sample of 10 replies,
per document, from which the batch's PDF time is extrapolated (the PDF of 300 replies
takes minutes on this machine: it is what a background job would run).
"""

from __future__ import annotations

import io
import statistics
import time
import zipfile
from datetime import date

from jixiao.core.documents.reply import Reply, render_reply, reply_number
from jixiao.core.model import Plan
from jixiao.web.demo.generate import generate_plan

BATCH = 300
PDF_SAMPLE = 10


def _batch() -> list[tuple[Plan, Reply]]:
    out = []
    for n in range(1, BATCH + 1):
        code = f"{900000 + n}"
        name = f"基准县第{n}单位"
        plan = generate_plan(code, department=name, department_code=code, region="基准县",
                             year=2024, defects=False)  # fmt: skip
        number = reply_number("{abbr}财绩〔{year}〕{n}号", region="基准县", year=2024, n=n)
        out.append((plan, Reply(number, "基准县财政局", name, date(2024, 3, 5), text="同意。")))
    return out


def main() -> None:
    batch = _batch()
    render_reply(*batch[0], "docx")  # imports, styles
    w, c = time.perf_counter(), time.process_time()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for plan, reply in batch:
            z.writestr(
                f"{reply.addressee}（{reply.number}）.docx", render_reply(plan, reply, "docx")
            )
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    print(
        f"replies docx zip x{BATCH}: wall {wall:.1f} s, CPU {cpu:.1f} s, "
        f"{cpu / BATCH * 1000:.0f} ms CPU per reply, zip {len(buf.getvalue()) / 1e6:.1f} MB"
    )
    render_reply(*batch[0], "pdf")  # WeasyPrint import and first layout
    walls, cpus = [], []
    for plan, reply in batch[1 : PDF_SAMPLE + 1]:
        w, c = time.perf_counter(), time.process_time()
        render_reply(plan, reply, "pdf")
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    per_cpu = statistics.median(cpus)
    print(
        f"replies pdf (sample of {PDF_SAMPLE}): median wall {statistics.median(walls):.2f} s, "
        f"CPU {per_cpu:.2f} s per reply → ~{per_cpu * BATCH / 60:.0f} min CPU for {BATCH}"
    )


if __name__ == "__main__":
    main()
