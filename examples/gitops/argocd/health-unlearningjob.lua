-- Argo CD health check for lethe.dev/UnlearningJob (install: argocd-cm-patch.yaml, which holds a
-- copy of this file that a test keeps identical). Argo CD runs it with gopher-lua (Lua 5.1),
-- gives it the resource as `obj` and reads the table it returns.
--
-- The job's state is its Succeeded condition (the STATUS column of `kubectl get uj`):
--   Unknown  -> Progressing (Pending, Running, Preempted, MissingInput, ...), or Suspended
--   True     -> Healthy (Completed)
--   False    -> Degraded (the reason the job failed, and its message)
-- A status the operator wrote for an older spec says nothing about the current one, so until the
-- operator has seen the latest generation the job is Progressing, whatever its conditions say.

local function findCondition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

-- "Reason: message", or whichever of the two is there.
local function describe(condition)
  local reason = condition.reason or ""
  local message = condition.message or ""
  if reason ~= "" and message ~= "" then
    return reason .. ": " .. message
  end
  if reason ~= "" then
    return reason
  end
  return message
end

-- " (40%, unlearn)" while the operator reports progress, "" otherwise.
local function describeProgress(progress)
  if progress == nil then
    return ""
  end
  local parts = {}
  if progress.percent ~= nil then
    table.insert(parts, tostring(progress.percent) .. "%")
  end
  if progress.stage ~= nil and progress.stage ~= "" then
    table.insert(parts, progress.stage)
  end
  if #parts == 0 then
    return ""
  end
  return " (" .. table.concat(parts, ", ") .. ")"
end

local hs = {}
local status = obj.status

if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Lethe operator to report on this job"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the Lethe operator to observe generation " .. tostring(generation)
  if status.observedGeneration ~= nil then
    hs.message = hs.message .. " (the status describes generation " .. tostring(status.observedGeneration) .. ")"
  end
  return hs
end

local succeeded = findCondition(status, "Succeeded")
if succeeded == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Lethe operator to set the Succeeded condition"
  return hs
end

if succeeded.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(succeeded)
elseif succeeded.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(succeeded)
elseif succeeded.reason == "Suspended" then
  -- spec.suspend, or a Kueue queue holding the job: waiting on purpose, not stuck.
  hs.status = "Suspended"
  hs.message = describe(succeeded)
else
  hs.status = "Progressing"
  hs.message = describe(succeeded) .. describeProgress(status.progress)
end
return hs
