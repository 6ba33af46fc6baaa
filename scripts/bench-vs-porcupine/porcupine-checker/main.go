// porcupine-checker: checks one faultline JSONL history with the Porcupine library, for the side-by-side benchmark
// (npm run bench:vs-porcupine). It reads the history, pairs invocations with completions the way faultline does
// (fail ops dropped, nemesis ops ignored, info and never-completed ops return at +infinity with an unknown result),
// checks it against a model with faultline's semantics, and prints one JSON line:
//
//	{"verdict":"true|false|unknown","loadMs":…,"checkMs":…,"cpuMs":…}
//
// (cpuMs: the process's user+system CPU time over load+check, all threads).
// Usage: porcupine-checker -model register|cas-register|kv [-timeout 120s] FILE
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/anishathalye/porcupine"
)

// historyOp is one line of a faultline history.jsonl.
type historyOp struct {
	Type    string          `json:"type"`
	Process json.RawMessage `json:"process"`
	F       string          `json:"f"`
	Value   json.RawMessage `json:"value"`
}

// infinity is the return time of calls whose outcome is unknown: after every real event.
const infinity = int64(1) << 62

func readHistory(path string) ([]historyOp, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var ops []historyOp
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<30)
	for line := 1; scanner.Scan(); line++ {
		if len(scanner.Bytes()) == 0 {
			continue
		}
		var op historyOp
		if err := json.Unmarshal(scanner.Bytes(), &op); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		ops = append(ops, op)
	}
	return ops, scanner.Err()
}

// translate turns an invocation and its ok completion (nil when the outcome is unknown) into model input/output.
type translate func(invoke historyOp, completion *historyOp) (input interface{}, output interface{}, err error)

// pairCalls builds Porcupine operations from the history, in faultline's terms.
func pairCalls(ops []historyOp, tr translate) ([]porcupine.Operation, error) {
	type pending struct {
		op  historyOp
		pos int
	}
	open := map[string]pending{}
	var calls []porcupine.Operation
	add := func(p pending, completion *historyOp, returnAt int64) error {
		input, output, err := tr(p.op, completion)
		if err != nil {
			return err
		}
		calls = append(calls, porcupine.Operation{Input: input, Call: int64(p.pos), Output: output, Return: returnAt})
		return nil
	}
	for pos, op := range ops {
		process := string(op.Process)
		if process == `"nemesis"` {
			continue
		}
		if op.Type == "invoke" {
			open[process] = pending{op, pos}
			continue
		}
		p, ok := open[process]
		if !ok {
			return nil, fmt.Errorf("op at line %d completes nothing", pos+1)
		}
		delete(open, process)
		switch op.Type {
		case "ok":
			completion := op
			if err := add(p, &completion, int64(pos)); err != nil {
				return nil, err
			}
		case "info":
			if err := add(p, nil, infinity); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range open {
		if err := add(p, nil, infinity); err != nil {
			return nil, err
		}
	}
	return calls, nil
}

// cpuMs is the CPU time (user + system, all threads) this process has used so far.
func cpuMs() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e6
}

func main() {
	modelName := flag.String("model", "register", "register, cas-register or kv")
	timeout := flag.Duration("timeout", 120*time.Second, "give up with unknown after this long")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: porcupine-checker -model M [-timeout D] FILE")
		os.Exit(254)
	}
	model, tr, err := modelNamed(*modelName)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(254)
	}
	cpuAtStart := cpuMs()
	started := time.Now()
	ops, err := readHistory(flag.Arg(0))
	if err == nil {
		var calls []porcupine.Operation
		calls, err = pairCalls(ops, tr)
		if err == nil {
			loaded := time.Now()
			result := porcupine.CheckOperationsTimeout(model, calls, *timeout)
			checked := time.Now()
			cpu := cpuMs() - cpuAtStart
			verdict := map[porcupine.CheckResult]string{porcupine.Ok: "true", porcupine.Illegal: "false", porcupine.Unknown: "unknown"}[result]
			fmt.Printf("{\"verdict\":%q,\"loadMs\":%.3f,\"checkMs\":%.3f,\"cpuMs\":%.3f}\n", verdict,
				float64(loaded.Sub(started).Microseconds())/1000, float64(checked.Sub(loaded).Microseconds())/1000, cpu)
			return
		}
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(254)
}
