// Command pulumi-language-nodejs is a minimal Pulumi language host for Node.js programs.
//
// Why this exists: the upstream host (Go module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) has no release tags, and the Go
// module proxy reachable from the project's machines refuses every version of it (HTTP 403 "This
// module version is not available"). The Pulumi CLI itself (pkg/v3) and the SDK (sdk/v3) are served,
// so scripts/build-pulumi.sh builds the real CLI and this small stand-in next to it.
//
// Scope: enough for plain JavaScript programs (or TypeScript compiled ahead of time, or TypeScript via
// the SDK's own ts-node support) whose only providers are dynamic providers. It does not compute
// required plugins (dynamic providers are served by the bundled pulumi-resource-pulumi-nodejs shim),
// does not generate code, and does not proxy "sync invoke" pipes (a long-deprecated SDK feature).
//
// Protocol, as the engine expects it (sdk/go/common/resource/plugin/plugin.go):
//
//	pulumi-language-nodejs [--logtostderr] [-v=N] [--tracing URL] <engine-address>
//
// The host listens on a random 127.0.0.1 port, writes that port and a newline to stdout, and then
// serves pulumirpc.LanguageRuntime over gRPC until the engine kills it.
//
// Run starts `node <@pulumi/pulumi/cmd/run> --monitor ... <entry-point>` in the program directory.
// The flags and the PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS / PULUMI_NODEJS_* environment variables
// are the ones that the SDK's cmd/run/index.ts, cmd/run/run.ts and runtime/config.ts read.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is reported by GetPluginInfo; build-pulumi.sh sets it with -ldflags "-X main.version=...".
var version = "3.274.1"

// exitAfterLoggedError is the exit code the SDK's run script uses when it has already reported the
// failure to the engine (cmd/run/index.ts, nodeJSProcessExitedAfterLoggingUserActionableMessage).
// The engine must then stop without printing anything more, which the RunResponse says with Bail.
const exitAfterLoggedError = 32

func main() {
	// Flags the engine may pass (buildPluginArguments in the SDK), plus the obsolete ones the upstream
	// host still accepts, so that no command line the engine builds makes us fail.
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint, passed on to the run script")
	flag.Bool("logtostderr", false, "accepted for compatibility; logs always go to stderr")
	flag.Int("v", 0, "accepted for compatibility: log verbosity")
	flag.Bool("typescript", true, "[obsolete] use the runtime option `typescript` in Pulumi.yaml")
	flag.String("root", "", "[obsolete]")
	flag.String("tsconfig", "", "[obsolete] use the runtime option `tsconfig` in Pulumi.yaml")
	flag.String("nodeargs", "", "[obsolete] use the runtime option `nodeargs` in Pulumi.yaml")
	flag.String("packagemanager", "", "[obsolete]")
	flag.String("runtime", "nodejs", "[ignored] only `nodejs` is supported")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}

	host := &languageHost{tracing: *tracing}
	if args := flag.Args(); len(args) > 0 {
		host.engineAddress = args[len(args)-1] // the engine address is always the last positional argument
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatalf("could not listen: %v", err)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(srv, host)

	// The engine reads this first line of stdout to learn where to connect.
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)

	if err := srv.Serve(lis); err != nil {
		fatalf("language host stopped serving: %v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: "+format+"\n", args...)
	os.Exit(1)
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer // everything not written below answers UNIMPLEMENTED

	engineAddress string
	tracing       string
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins and GetRequiredPackages report nothing: a program that only uses dynamic
// providers needs no plugin beyond the bundled pulumi-nodejs one, which the engine finds by itself.
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// runtimeOptions are the `runtime.options` of Pulumi.yaml that this host honours.
type runtimeOptions struct {
	typescript bool     // run the program through the SDK's ts-node support (upstream default: true)
	tsconfig   string   // PULUMI_NODEJS_TSCONFIG_PATH
	nodeargs   []string // extra arguments for node itself
}

func parseOptions(info *pulumirpc.ProgramInfo) runtimeOptions {
	opts := runtimeOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts
	}
	m := info.GetOptions().AsMap()
	if v, ok := m["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok {
		opts.nodeargs = strings.Fields(v)
	}
	return opts
}

// programLocation returns the program directory and entry point of a request, falling back to the
// deprecated fields for engines that send no ProgramInfo.
func programLocation(info *pulumirpc.ProgramInfo, pwd, program string) (dir, entry string) {
	dir, entry = info.GetProgramDirectory(), info.GetEntryPoint()
	if dir == "" {
		dir = pwd
	}
	if entry == "" {
		entry = program
	}
	if entry == "" {
		entry = "." // run.ts then follows package.json `exports`/`main`, or index.js
	}
	return dir, entry
}

// resolveFromProgram asks node where a module lives, resolving from the program directory exactly as
// the program's own require() would (so workspaces and hoisted node_modules work).
func resolveFromProgram(ctx context.Context, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, "node", "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir, entry := programLocation(req.GetInfo(), req.GetPwd(), req.GetProgram()) //nolint:staticcheck
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if _, err := exec.LookPath("node"); err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}

	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH") // same override as upstream, for tests
	if runPath == "" {
		var err error
		if runPath, err = resolveFromProgram(ctx, dir, "@pulumi/pulumi/cmd/run"); err != nil {
			return &pulumirpc.RunResponse{Error: "It looks like the Pulumi SDK has not been installed. " +
				"Have you run npm install or yarn install?"}, nil
		}
	}

	// Command line of cmd/run/index.ts (minimist flags, then the program, then its own arguments).
	args := []string{runPath}
	addFlag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	addFlag("monitor", req.GetMonitorAddress())
	addFlag("engine", h.engineAddress)
	addFlag("organization", req.GetOrganization())
	addFlag("project", req.GetProject())
	addFlag("root-directory", req.GetInfo().GetRootDirectory())
	addFlag("stack", req.GetStack())
	addFlag("pwd", dir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	addFlag("parallel", strconv.Itoa(int(req.GetParallel())))
	addFlag("tracing", h.tracing)
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	// Configuration travels in the environment (runtime/config.ts): a JSON object of "<ns>:<key>"
	// to string value (secrets already decrypted), and a JSON array of the keys that are secret.
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return &pulumirpc.RunResponse{Error: "failed to serialize configuration: " + err.Error()}, nil
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return &pulumirpc.RunResponse{Error: "failed to serialize secret keys: " + err.Error()}, nil
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))

	opts := parseOptions(req.GetInfo())
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	// The program ends when it finishes, or is interrupted when the engine drops the call.
	cmd := exec.CommandContext(ctx, "node", append(opts.nodeargs, args...)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Dir = dir
	cmd.Env = env
	// Our stdout/stderr are read by the engine and shown to the user. Node may switch the blocking
	// mode of a file descriptor it inherits, so hand it pipes (wrapping hides the *os.File).
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		switch {
		case errors.As(err, &exitErr) && exitErr.ExitCode() == exitAfterLoggedError:
			// The SDK already reported the error to the engine: stop quietly.
			return &pulumirpc.RunResponse{Bail: true}, nil
		case errors.As(err, &exitErr) && exitErr.ExitCode() > 0:
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		case errors.As(err, &exitErr):
			return &pulumirpc.RunResponse{Error: "Program exited unexpectedly: " + exitErr.Error()}, nil
		default:
			return &pulumirpc.RunResponse{
				Error: "Problem executing program (could not run language executor): " + err.Error(),
			}, nil
		}
	}
	return &pulumirpc.RunResponse{}, nil
}

// InstallDependencies runs `npm install` in the program directory, streaming its output to the engine.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory() //nolint:staticcheck
	}
	var mu sync.Mutex // Send must not be called from two goroutines at once
	send := func(stdout bool, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if stdout {
			return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
		}
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b})
	}
	if err := send(true, []byte("Installing dependencies...\n\n")); err != nil {
		return err
	}

	cmd := exec.CommandContext(server.Context(), "npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	outR, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	errR, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run npm: %w", err)
	}
	var wg sync.WaitGroup
	stream := func(r io.Reader, stdout bool) {
		defer wg.Done()
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			_ = send(stdout, append(sc.Bytes(), '\n'))
		}
	}
	wg.Add(2)
	go stream(outR, true)
	go stream(errR, false)
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("npm install failed: %w", err)
	}
	return send(true, []byte("Finished installing dependencies\n\n"))
}

// About reports the node executable and its version (`pulumi about`).
func (h *languageHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "could not find node on the $PATH: %v", err)
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "node --version failed: %v", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// GetProgramDependencies lists the direct dependencies of package.json with the versions installed
// in node_modules (or the declared range when a package is not installed).
func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir, _ := programLocation(req.GetInfo(), req.GetPwd(), "") //nolint:staticcheck
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return &pulumirpc.GetProgramDependenciesResponse{}, nil //nolint:nilerr // no package.json: nothing to list
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "could not parse package.json: %v", err)
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for name, declared := range pkg.Dependencies {
		ver := declared
		var installed struct {
			Version string `json:"version"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json")); err == nil &&
			json.Unmarshal(b, &installed) == nil && installed.Version != "" {
			ver = installed.Version
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: ver})
	}
	return resp, nil
}
