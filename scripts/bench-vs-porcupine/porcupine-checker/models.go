// Models with faultline's semantics: `register` and `cas-register` as in Knossos (a read of nil tells nothing;
// a read with an unknown outcome tells nothing), and `kv`, one string register per key (partitioned by key) where
// a get of nil tells nothing and a missing key reads "".
package main

import (
	"encoding/json"
	"fmt"

	"github.com/anishathalye/porcupine"
)

const (
	opRead = iota
	opWrite
	opCas
)

// noValue stands for nil in register states and values.
const noValue = int64(-1) << 40

type registerInput struct {
	kind     int
	value    int64 // written value, or cas's expected value
	newValue int64 // cas's new value
}

// registerOutput is what a read returned; known is false when it tells nothing.
type registerOutput struct {
	known bool
	value int64
}

func registerValue(raw json.RawMessage) (int64, error) {
	var v *int64
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, err
	}
	if v == nil {
		return noValue, nil
	}
	return *v, nil
}

func translateRegister(withCas bool) translate {
	return func(invoke historyOp, completion *historyOp) (interface{}, interface{}, error) {
		switch {
		case invoke.F == "read":
			out := registerOutput{}
			if completion != nil {
				v, err := registerValue(completion.Value)
				if err != nil {
					return nil, nil, err
				}
				out = registerOutput{known: v != noValue, value: v}
			}
			return registerInput{kind: opRead}, out, nil
		case invoke.F == "write":
			v, err := registerValue(invoke.Value)
			return registerInput{kind: opWrite, value: v}, registerOutput{}, err
		case invoke.F == "cas" && withCas:
			var pair [2]json.RawMessage
			if err := json.Unmarshal(invoke.Value, &pair); err != nil {
				return nil, nil, err
			}
			from, err := registerValue(pair[0])
			if err != nil {
				return nil, nil, err
			}
			to, err := registerValue(pair[1])
			return registerInput{kind: opCas, value: from, newValue: to}, registerOutput{}, err
		}
		return nil, nil, fmt.Errorf("operation %q does not fit the register model", invoke.F)
	}
}

func registerModel() porcupine.Model {
	return porcupine.Model{
		Init: func() interface{} { return noValue },
		Step: func(state, input, output interface{}) (bool, interface{}) {
			s := state.(int64)
			in := input.(registerInput)
			switch in.kind {
			case opRead:
				out := output.(registerOutput)
				return !out.known || out.value == s, s
			case opWrite:
				return true, in.value
			default:
				if in.value == s {
					return true, in.newValue
				}
				return false, s
			}
		},
		Equal: func(a, b interface{}) bool { return a.(int64) == b.(int64) },
		Hash:  func(state interface{}) uint64 { return uint64(state.(int64)) },
	}
}

type kvInput struct {
	kind  int // opRead = get, opWrite = put, opCas = append
	key   string
	value string
}

type kvOutput struct {
	known bool
	value string
}

// keyAndText reads a kv value [key, text]; text is nil for a get's invocation.
func keyAndText(raw json.RawMessage) (string, *string, error) {
	var pair [2]*string
	if err := json.Unmarshal(raw, &pair); err != nil || pair[0] == nil {
		return "", nil, fmt.Errorf("a kv value must be [key, value], got %s", raw)
	}
	return *pair[0], pair[1], nil
}

func translateKv(invoke historyOp, completion *historyOp) (interface{}, interface{}, error) {
	key, text, err := keyAndText(invoke.Value)
	if err != nil {
		return nil, nil, err
	}
	switch invoke.F {
	case "get":
		out := kvOutput{}
		if completion != nil {
			_, read, err := keyAndText(completion.Value)
			if err != nil {
				return nil, nil, err
			}
			if read != nil {
				out = kvOutput{known: true, value: *read}
			}
		}
		return kvInput{kind: opRead, key: key}, out, nil
	case "put", "append":
		if text == nil {
			return nil, nil, fmt.Errorf("%s needs a string value", invoke.F)
		}
		kind := opWrite
		if invoke.F == "append" {
			kind = opCas
		}
		return kvInput{kind: kind, key: key, value: *text}, kvOutput{}, nil
	}
	return nil, nil, fmt.Errorf("operation %q does not fit the kv model", invoke.F)
}

func kvModel() porcupine.Model {
	return porcupine.Model{
		Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
			byKey := map[string][]porcupine.Operation{}
			var keys []string
			for _, op := range history {
				key := op.Input.(kvInput).key
				if _, seen := byKey[key]; !seen {
					keys = append(keys, key)
				}
				byKey[key] = append(byKey[key], op)
			}
			partitions := make([][]porcupine.Operation, 0, len(keys))
			for _, key := range keys {
				partitions = append(partitions, byKey[key])
			}
			return partitions
		},
		Init: func() interface{} { return "" },
		Step: func(state, input, output interface{}) (bool, interface{}) {
			s := state.(string)
			in := input.(kvInput)
			switch in.kind {
			case opRead:
				out := output.(kvOutput)
				return !out.known || out.value == s, s
			case opWrite:
				return true, in.value
			default:
				return true, s + in.value
			}
		},
		Equal: func(a, b interface{}) bool { return a.(string) == b.(string) },
	}
}

func modelNamed(name string) (porcupine.Model, translate, error) {
	switch name {
	case "register":
		return registerModel(), translateRegister(false), nil
	case "cas-register":
		return registerModel(), translateRegister(true), nil
	case "kv":
		return kvModel(), translateKv, nil
	}
	return porcupine.Model{}, nil, fmt.Errorf("unknown model %q (register, cas-register, kv)", name)
}
