/* The C reference worker: what the seed worker does, on libmosquitto with
 * mosquitto_loop_forever(). Subscribes to task-queue, takes the task id out of
 * the JSON and publishes it on task-complete.
 *   worker HOST PORT QOS */
#include "common.h"

static int qos;

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg) {
    (void)obj;
    char id[32];
    int n = snprintf(id, sizeof id, "%ld", task_id(msg->payload, msg->payloadlen));
    mosquitto_publish(m, NULL, "task-complete", n, id, qos, false);
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: worker HOST PORT QOS\n"); return 2; }
    qos = atoi(argv[3]);
    struct mosquitto *m = bench_connect(NULL, argv[1], atoi(argv[2]));
    /* The worker keeps libmosquitto's default window, as the PHP workers do:
     * without a limit libmosquitto walks its whole outgoing list on every
     * publish (message__release_to_inflight), 85% of its QoS 1 instructions
     * in bench/PROFILE.md, which would flatter every other row. */
    mosquitto_max_inflight_messages_set(m, 20);
    mosquitto_message_callback_set(m, on_message);
    mosquitto_subscribe(m, NULL, "task-queue", qos);
    return mosquitto_loop_forever(m, -1, 1);
}
