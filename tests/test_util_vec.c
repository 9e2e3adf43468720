/* rg_vec_reserve (src/util/vec.h): growth by doubling from the caller's
 * first capacity, contents kept, and a refused growth that leaves the array
 * as it was. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "util/vec.h"

static void test_growth(void)
{
    int *items = NULL;
    size_t count = 0, cap = 0;
    size_t caps_seen[8], ncaps = 0;
    for (int i = 0; i < 100; i++) {
        int *p = rg_vec_reserve(items, count, &cap, sizeof *p, 4);
        CHECK(p != NULL);
        if (!p)
            break;
        items = p;
        if (ncaps == 0 || caps_seen[ncaps - 1] != cap) {
            CHECK(ncaps < 8);
            if (ncaps < 8)
                caps_seen[ncaps++] = cap;
        }
        items[count++] = i * 3;
    }
    CHECK_INT(count, 100);
    /* 4, 8, 16, 32, 64, 128: doubling from the first capacity. */
    CHECK_INT(ncaps, 6);
    for (size_t i = 0; i < ncaps; i++)
        CHECK_INT(caps_seen[i], (size_t)4 << i);
    int kept = 1;
    for (int i = 0; i < 100; i++)
        kept &= items[i] == i * 3;
    CHECK(kept);
    free(items);
}

static void test_room_left(void)
{
    char buf[4];
    size_t cap = 4;
    /* While there is room the array is returned as it is. */
    CHECK(rg_vec_reserve(buf, 3, &cap, 1, 8) == buf);
    CHECK_INT(cap, 4);
}

static void test_overflow(void)
{
    /* A capacity whose double does not fit in size_t bytes is refused,
     * and the caller's array and capacity are unchanged. */
    char *items = malloc(16);
    CHECK(items != NULL);
    size_t cap = SIZE_MAX / 2 + 1;
    void *p = rg_vec_reserve(items, cap, &cap, 1, 8);
    CHECK(p == NULL);
    CHECK_INT(cap == SIZE_MAX / 2 + 1, 1);
    cap = SIZE_MAX / 16;
    p = rg_vec_reserve(items, cap, &cap, 64, 8);
    CHECK(p == NULL);
    CHECK_INT(cap == SIZE_MAX / 16, 1);
    free(items);
}

int main(void)
{
    test_growth();
    test_room_left();
    test_overflow();
    return CHECK_DONE();
}
