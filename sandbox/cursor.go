package sandbox

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
)

// cursorPage is the JSON body of a list that pages with an opaque cursor:
// the client sends next_page back as the page parameter, and a null
// next_page ends the list.
type cursorPage[T any] struct {
	Data     []T     `json:"data"`
	NextPage *string `json:"next_page"`
}

// cursorPrefix starts every page cursor, so that a cursor from another
// kind of list is easy to tell apart in logs.
const cursorPrefix = "page_"

// paginateCursor cuts one page out of items, which are already filtered and
// in list order, following the limit and page parameters. A defaultLimit of
// 0 returns every remaining item when limit is omitted. Options.MaxPageItems
// shortens the page in every case.
//
// The cursor encodes the ID of the first item of the next page, so a
// cursor whose item is gone or filtered out gets 400, as a stale cursor
// does in the Admin API.
func paginateCursor[T any](s *Server, q url.Values, items []T, idOf func(T) string, defaultLimit int) (cursorPage[T], error) {
	limit, err := cursorLimit(q, defaultLimit)
	if err != nil {
		return cursorPage[T]{}, err
	}
	if s.opts.MaxPageItems > 0 && (limit == 0 || s.opts.MaxPageItems < limit) {
		limit = s.opts.MaxPageItems
	}

	start := 0
	if token := q.Get("page"); token != "" {
		id, ok := decodeCursor(token)
		if !ok {
			return cursorPage[T]{}, invalidRequest("page %q is not a cursor this list returned", token)
		}
		start = -1
		for i, item := range items {
			if idOf(item) == id {
				start = i
				break
			}
		}
		if start < 0 {
			return cursorPage[T]{}, invalidRequest("page %q is stale: the list changed, so start again without page", token)
		}
	}

	end := len(items)
	if limit > 0 {
		end = min(len(items), start+limit)
	}
	p := cursorPage[T]{Data: append([]T{}, items[start:end]...)}
	if end < len(items) {
		next := encodeCursor(idOf(items[end]))
		p.NextPage = &next
	}
	return p, nil
}

// cursorLimit reads the limit parameter of a cursor list: a whole number
// from 1 to 1000, or defaultLimit when omitted.
func cursorLimit(q url.Values, defaultLimit int) (int, error) {
	text := q.Get("limit")
	if text == "" {
		return defaultLimit, nil
	}
	limit, err := strconv.Atoi(text)
	if err != nil || limit < 1 || limit > maxPageLimit {
		return 0, invalidRequest("limit %q is invalid: use a whole number from 1 to %d", text, maxPageLimit)
	}
	return limit, nil
}

func encodeCursor(id string) string {
	return cursorPrefix + base64.RawURLEncoding.EncodeToString([]byte(id))
}

func decodeCursor(token string) (string, bool) {
	encoded, ok := strings.CutPrefix(token, cursorPrefix)
	if !ok {
		return "", false
	}
	id, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil || len(id) == 0 {
		return "", false
	}
	return string(id), true
}
