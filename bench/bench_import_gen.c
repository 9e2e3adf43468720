/* Generates a raingan import file for the store benchmark: N projects with
 * 10 progress entries each, in realistic Thai (sentences from the seeds),
 * with a mix of plain-text and HTML bodies like the source systems store.
 * Deterministic (fixed seed), so runs are comparable.
 *   usage: bench_import_gen N_PROJECTS > file.json */
#include <stdio.h>
#include <stdlib.h>

static const char *const sentences[] = {
    "อยู่ระหว่างขั้นตอนการเตรียมดำเนินการเพื่อจัดเก็บและรวบรวมข้อมูลตามกรอบการประเมินเกณฑ์ชี้วัด",
    "ดำเนินการเก็บรวบรวมข้อมูลแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ตามแบบประเมินที่ ป.ป.ช. กำหนด",
    "จำนวนผู้ตอบแบบสอบถาม (ข้อมูล ณ วันที่ 22/02/2566) คิดเป็นร้อยละ 93.83",
    "สำนักงานเขตอยู่ระหว่างดำเนินการ โดยบางหัวข้อต้องรอข้อมูลการดำเนินการจากหน่วยงานกลาง",
    "บันทึกข้อมูลรายชื่อคู่ค้าคู่สัญญาลงในระบบเรียบร้อยแล้วตามระยะเวลาที่กำหนด",
    "จัดทำหนังสือและเวียนแจ้งขอเชิญหน่วยงานเข้าร่วมประกวดศูนย์ข้อมูลข่าวสารของราชการโดดเด่น",
    "สรุปผลการประเมินเบื้องต้นเสนอต่อคณะกรรมการพิจารณาแนวทางการดำเนินงานด้านการกระจายอำนาจ",
    "ดำเนินโครงการแล้วเสร็จตามแผนงานที่วางไว้แล้ว",
};
#define NSENT (sizeof sentences / sizeof sentences[0])

static unsigned long state = 20240601;

static unsigned next(void)
{
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(state >> 33);
}

static const char *sentence(void)
{
    return sentences[next() % NSENT];
}

static void body(int kind)
{
    switch (kind % 3) {
    case 0:  /* plain text, two lines */
        printf("\"%s\\n%s\"", sentence(), sentence());
        break;
    case 1:  /* paragraphs */
        printf("\"<p>%s</p> <p>%s <b>%s</b></p>\"", sentence(), sentence(), sentence());
        break;
    default: /* an unstyled list, as in seed 002 */
        printf("\"<p>%s</p><ul style=\\\"list-style-type: none\\\"><li>- %s</li><li>- %s</li>"
               "</ul>\"", sentence(), sentence(), sentence());
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000;
    printf("{\n  \"raingan\": 1,\n  \"records\": [\n");
    printf("    { \"kind\": \"organization\", \"key\": \"bench\", \"name\": \"สำนักยุทธศาสตร์และประเมินผล\" },\n");
    for (int d = 0; d < 50; d++)
        printf("    { \"kind\": \"organization\", \"key\": \"bench/%d\", \"name\": \"กองยุทธศาสตร์ที่ %d\", \"parent\": \"bench\" },\n", d, d);
    for (int p = 0; p < 100; p++)
        printf("    { \"kind\": \"person\", \"key\": \"bench/person/%d\", \"name\": \"นายทดสอบ ประเมินผล %d\", \"phone\": \"0 2224 %04d\" },\n", p, p, p);
    for (long i = 0; i < n; i++) {
        printf("    {\n      \"kind\": \"project\",\n      \"key\": \"B%08ld\",\n      \"code\": \"%08ld-%04ld\",\n", i, 21000000 + i, i % 10000);
        printf("      \"name\": \"กิจกรรมติดตามและประเมินผลเกณฑ์ชี้วัดมาตรฐานการจัดบริการสาธารณะ ลำดับที่ %ld\",\n", i);
        printf("      \"fiscal_year\": %ld,\n      \"start_date\": \"%ld-10-01 00:00:00\",\n      \"end_date\": \"30/09/%ld\",\n",
               2560 + i % 7, 2016 + i % 7, 2561 + i % 7);
        printf("      \"budget_received\": %ld,\n      \"budget_spent\": %ld.%02ld,\n", (long)(next() % 1000000), (long)(next() % 100000), (long)(next() % 100));
        printf("      \"organization\": \"bench/%ld\",\n      \"responsible\": \"bench/person/%ld\",\n      \"coordinator\": \"bench/person/%ld\",\n",
               i % 50, i % 100, (i + 7) % 100);
        printf("      \"rationale\": \"%s\\n%s\\n%s\",\n", sentence(), sentence(), sentence());
        printf("      \"objectives\": [\"%s\"],\n      \"targets\": [\"431 เกณฑ์ชี้วัด\", \"%s\"],\n", sentence(), sentence());
        printf("      \"strategy\": { \"issue\": \"ด้านที่ ๕ - มหานครประชาธิปไตย\", \"sub_issue\": \"๕.๓ - การกระจายอำนาจสู่ประชาชน\", \"goal\": \"๕.๓.๑ ลดบทบาทส่วนกลาง\", \"indicator\": \"มิติที่1 ร้อยละของผลการดำเนินงาน\" },\n");
        printf("      \"entries\": [\n");
        for (int e = 1; e <= 10; e++) {
            printf("        { \"number\": %d, \"date\": \"%d/%d/%ld\", \"body\": ", e, 1 + (int)(next() % 28), 1 + (e + 9) % 12,
                   2560 + i % 7 - (e <= 3 ? 1 : 0));
            body((int)(i + e));
            printf(", \"progress_percent\": %d.%02d, \"budget_used\": 0, \"on_plan\": true, \"on_target\": %s }%s\n",
                   e * 10 - 1, (int)(next() % 100), e % 7 ? "true" : "false", e < 10 ? "," : "");
        }
        printf("      ]\n    }%s\n", i + 1 < n ? "," : "");
    }
    printf("  ]\n}\n");
    return 0;
}
