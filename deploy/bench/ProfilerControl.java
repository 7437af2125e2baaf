import com.sun.tools.attach.VirtualMachine;

/**
 * Sends one command to async-profiler's agent inside a running JVM, loading the agent the first time:
 * {@code java deploy/bench/ProfilerControl.java PID /abs/libasyncProfiler.so start,event=cpu,interval=2ms}.
 * jcmd's {@code JVMTI.agent_load} cannot pass an option containing '=' intact, hence this small client of the
 * JDK's attach API (used by receipt-cost.sh's COST_PROFILER).
 */
public class ProfilerControl {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ProfilerControl PID LIBRARY COMMAND");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
