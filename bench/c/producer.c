/* Publishes N JSON tasks to task-queue as fast as libmosquitto allows (its
 * own network thread, no in-flight limit), each padded to SIZE bytes.
 *   producer HOST PORT QOS N SIZE [TOPIC] */
#include "common.h"

static volatile long acked;
static void on_publish(struct mosquitto *m, void *obj, int mid) { (void)m; (void)obj; (void)mid; acked++; }

int main(int argc, char **argv) {
    if (argc < 6) { fprintf(stderr, "usage: producer HOST PORT QOS N SIZE [TOPIC]\n"); return 2; }
    int qos = atoi(argv[3]);
    long n = atol(argv[4]);
    size_t size = (size_t)atol(argv[5]);
    const char *topic = argc > 6 ? argv[6] : "task-queue";
    struct mosquitto *m = bench_connect(NULL, argv[1], atoi(argv[2]));
    mosquitto_publish_callback_set(m, on_publish);
    mosquitto_loop_start(m);
    char *buf = malloc(size + 128);
    for (long i = 1; i <= n; i++) {
        int len = snprintf(buf, 128, "{\"id\":%ld,\"type\":\"send-email\",\"pad\":\"", i);
        size_t want = size > (size_t)len + 2 ? size - 2 : (size_t)len;
        while ((size_t)len < want) buf[len++] = 'x';
        buf[len++] = '"';
        buf[len++] = '}';
        while (mosquitto_publish(m, NULL, topic, len, buf, qos, false) == MOSQ_ERR_NOMEM) {
            struct timespec ts = {0, 100000};
            nanosleep(&ts, NULL);
        }
    }
    /* Wait until every task is out: acknowledged (QoS 1/2) or written (QoS 0). */
    double deadline = now_s() + 60;
    while (acked < n && now_s() < deadline) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, false);
    return 0;
}
