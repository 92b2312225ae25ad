package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestEveryActionSurvivesBadParams sends every action of the fake a wide
// range of wrong and odd parameter values, one parameter at a time and all
// at once: each must answer with JSON (a result or the add-on's error), no
// handler may panic (the server would turn a panic into MsgInternal), and
// the collection must stay consistent. Real card and note IDs are among
// the values so that handlers get past their lookups.
func TestEveryActionSurvivesBadParams(t *testing.T) {
	var names []string
	for name := range registry {
		names = append(names, name)
	}
	slices.Sort(names)
	internal := strings.SplitN(MsgInternal, "%", 2)[0]

	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(Config{Clock: testClock(), Fetcher: offlineFetcher, PackageDir: t.TempDir()})
			var cid, nid int64
			_ = srv.Do(context.Background(), func(e *Env) error {
				cards := seedCards(e, "Bad::Params", 3, nil)
				seedCards(e, "Bad::Review", 2, reviewDueIn(0))
				cid, nid = cards[0].ID, cards[0].NoteID
				return nil
			})
			values := []string{
				`null`, `true`, `false`, `0`, `-1`, `1`, `1.5`, `-1e300`, `9223372036854775808`,
				`""`, `"x"`, `"deck:*"`, `"Default"`, `"Basic"`, `"::"`, `"../../etc/passwd"`,
				`[]`, `[null]`, `[0]`, `[-1]`, `["x"]`, `[[]]`, `[{}]`, `{}`, `{"x":1}`, `{"": null}`,
				fmt.Sprint(cid), fmt.Sprint(nid), fmt.Sprintf("[%d]", cid), fmt.Sprintf("[%d, %d]", nid, nid),
				fmt.Sprintf(`[{"cardId": %d, "ease": 5}]`, cid), fmt.Sprintf(`{"id": %d, "fields": {"Front": 1}}`, nid),
			}
			act := registry[name]
			serve := inProcessSender(srv)
			send := func(params string) {
				body := fmt.Sprintf(`{"action": %q, "version": 6, "params": %s}`, name, params)
				reply := serve(t, rawRequest{Body: body})
				var env struct {
					Error *string `json:"error"`
				}
				if reply.Status != 200 || json.Unmarshal([]byte(reply.Body), &env) != nil {
					t.Fatalf("%s: reply %d %q", body, reply.Status, reply.Body)
				}
				if env.Error != nil && strings.HasPrefix(*env.Error, internal) {
					t.Errorf("%s: handler panicked: %s", body, *env.Error)
				}
			}
			send(`{}`)
			for _, v := range values {
				all := make([]string, len(act.Params))
				for i, p := range act.Params {
					send(fmt.Sprintf(`{%q: %s}`, p.Name, v))
					all[i] = fmt.Sprintf(`%q: %s`, p.Name, v)
				}
				send("{" + strings.Join(all, ", ") + "}")
			}
			_ = srv.Do(context.Background(), func(e *Env) error {
				checkConsistent(t, e.Col)
				return nil
			})
		})
	}
}
