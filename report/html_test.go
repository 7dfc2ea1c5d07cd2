package report_test

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orgsync/orgsync/report"
)

// sampleReport is a cost report over ten days with three workspaces.
func sampleReport() *report.Report {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var rows []report.Row
	for d := range 10 {
		for i, ws := range []string{"wrkspc_a", "wrkspc_b", "wrkspc_c"} {
			start := from.AddDate(0, 0, d)
			rows = append(rows, report.Row{
				Start: start, End: start.Add(24 * time.Hour),
				Group:   report.Group{WorkspaceID: ws},
				Measure: report.Measure{Cost: report.Money(int64(1+d+i*3) * 100_000_000), Requests: 10},
			})
		}
	}
	return report.Build(report.Input{
		Kind: report.Cost, Dimension: report.ByWorkspace, Rows: rows,
		Period: report.Period{From: from, To: from.AddDate(0, 0, 10)},
	})
}

func TestHTMLIsSelfContained(t *testing.T) {
	var b strings.Builder
	if err := report.WriteHTML(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, banned := range []string{"<script", "http://", "https://", "@import", "<link"} {
		if strings.Contains(page, banned) {
			t.Errorf("page contains %q; it must load nothing and run no script", banned)
		}
	}
	for _, want := range []string{"<svg", report.DailyColor, report.TopColor, "wrkspc_c"} {
		if !strings.Contains(page, want) {
			t.Errorf("page does not contain %q", want)
		}
	}
}

// TestHTMLChartsDrawn renders the page in headless Chromium and looks for
// the pixels of both chart colours in the screenshot.
func TestHTMLChartsDrawn(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed; CI must install it (see .ci/run)")
		}
		t.Skip("chromium is not installed: install Debian's chromium package to run this test (CI=true makes it fail instead)")
	}
	dir := t.TempDir()
	pagePath := filepath.Join(dir, "report.html")
	f, err := os.Create(pagePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.WriteHTML(f, sampleReport()); err != nil {
		t.Fatal(err)
	}
	f.Close()

	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1200,900",
		"file://"+pagePath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium failed: %v\n%s", err, out)
	}
	img := readPNG(t, shot)
	for _, c := range []struct {
		name string
		hex  string
	}{{"spend over time", report.DailyColor}, {"top spenders", report.TopColor}} {
		if n := countPixels(img, parseHex(c.hex)); n < 500 {
			t.Errorf("the %s chart has %d pixels of %s, want at least 500", c.name, n, c.hex)
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// countPixels counts the pixels within a small distance of want, which
// allows for colour management in the browser.
func countPixels(img image.Image, want color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r>>8, want.R) && near(g>>8, want.G) && near(bl>>8, want.B) {
				n++
			}
		}
	}
	return n
}

func near(got uint32, want uint8) bool {
	d := int(got) - int(want)
	return d >= -6 && d <= 6
}

func parseHex(s string) color.RGBA {
	s = strings.ToUpper(s)
	var c color.RGBA
	c.A = 255
	for i, p := range []*uint8{&c.R, &c.G, &c.B} {
		var v uint8
		for _, r := range s[1+2*i : 3+2*i] {
			v <<= 4
			switch {
			case r >= '0' && r <= '9':
				v |= uint8(r - '0')
			default:
				v |= uint8(r-'A') + 10
			}
		}
		*p = v
	}
	return c
}

func TestHTMLNamesTheValueColumn(t *testing.T) {
	var b strings.Builder
	if err := report.WriteHTML(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<th class="num">cost (USD)</th>`) {
		t.Errorf("the table's value column is not headed with its unit")
	}
}
