package sandbox

import (
	"net/url"
	"strconv"
)

// Page size limits of the list endpoints.
const (
	defaultPageLimit = 20
	maxPageLimit     = 1000
)

// page is the JSON body of a list response.
type page[T any] struct {
	Data    []T     `json:"data"`
	HasMore bool    `json:"has_more"`
	FirstID *string `json:"first_id"`
	LastID  *string `json:"last_id"`
}

// paginate cuts one page out of items, which are already filtered and in
// list order, following the limit, after_id and before_id parameters.
// A before_id page holds the items just before the cursor, still in list
// order, and has_more then reports whether items precede the page.
func paginate[T any](s *Server, q url.Values, items []T, idOf func(T) string) (page[T], error) {
	limit, err := pageLimit(q)
	if err != nil {
		return page[T]{}, err
	}
	if s.opts.MaxPageItems > 0 && s.opts.MaxPageItems < limit {
		limit = s.opts.MaxPageItems
	}
	afterID, beforeID := q.Get("after_id"), q.Get("before_id")
	if afterID != "" && beforeID != "" {
		return page[T]{}, invalidRequest("after_id and before_id cannot be combined")
	}

	start, end := 0, len(items)
	hasMore := false
	switch {
	case beforeID != "":
		cursor, err := cursorIndex(items, idOf, "before_id", beforeID)
		if err != nil {
			return page[T]{}, err
		}
		end = cursor
		start = max(0, end-limit)
		hasMore = start > 0
	default:
		if afterID != "" {
			cursor, err := cursorIndex(items, idOf, "after_id", afterID)
			if err != nil {
				return page[T]{}, err
			}
			start = cursor + 1
		}
		end = min(len(items), start+limit)
		hasMore = end < len(items)
	}

	p := page[T]{Data: append([]T{}, items[start:end]...), HasMore: hasMore}
	if len(p.Data) > 0 {
		first, last := idOf(p.Data[0]), idOf(p.Data[len(p.Data)-1])
		p.FirstID, p.LastID = &first, &last
	}
	return p, nil
}

func pageLimit(q url.Values) (int, error) {
	text := q.Get("limit")
	if text == "" {
		return defaultPageLimit, nil
	}
	limit, err := strconv.Atoi(text)
	if err != nil || limit < 1 || limit > maxPageLimit {
		return 0, invalidRequest("limit %q is invalid: use a whole number from 1 to %d", text, maxPageLimit)
	}
	return limit, nil
}

func cursorIndex[T any](items []T, idOf func(T) string, param, id string) (int, error) {
	for i, item := range items {
		if idOf(item) == id {
			return i, nil
		}
	}
	return 0, invalidRequest("%s %q is not in the list", param, id)
}

// parseBool reads an optional boolean query parameter.
func parseBool(q url.Values, name string) (bool, error) {
	text := q.Get(name)
	if text == "" {
		return false, nil
	}
	v, err := strconv.ParseBool(text)
	if err != nil {
		return false, invalidRequest("%s %q is invalid: use true or false", name, text)
	}
	return v, nil
}
